package io.emotioncluster.admin.commands;

import io.emotioncluster.admin.AdminCommand;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.jobs.JobFollower;
import io.emotioncluster.admin.output.Fmt;
import io.emotioncluster.admin.output.Format;
import io.emotioncluster.admin.output.Printer;
import io.emotioncluster.admin.output.Style;
import io.emotioncluster.admin.output.Table;
import io.emotioncluster.admin.shell.LiveCandidates;
import io.emotioncluster.api.v1.JobInfo;
import io.emotioncluster.api.v1.JobState;
import io.emotioncluster.api.v1.ListJobsResponse;
import io.emotioncluster.api.v1.TrainingProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs list | watch | cancel}. */
@Command(name = "jobs", description = "List, follow and cancel training jobs.",
    subcommands = {JobsCommand.ListJobs.class, JobsCommand.Watch.class, JobsCommand.Cancel.class})
public final class JobsCommand extends AdminCommand {

  /** {@code --state} values. */
  enum StateFilter {
    queued, running, succeeded, failed, cancelled;

    JobState proto() {
      return JobState.valueOf(name().toUpperCase(Locale.ROOT));
    }
  }

  @Override
  protected int run() {
    return usage();
  }

  static Style.Color stateColor(String s) {
    return switch (s) {
      case "succeeded" -> Style.Color.GREEN;
      case "failed" -> Style.Color.RED;
      case "cancelled" -> Style.Color.YELLOW;
      case "running" -> Style.Color.CYAN;
      default -> Style.Color.NONE;
    };
  }

  /** The rows of {@code jobs list}; {@code nowMs} for the running time of unfinished jobs. */
  static Table table(ListJobsResponse r, long nowMs) {
    Table t = Table.of("id", "kind", "state", "phase", "progress", "version", "created", "took", "name", "message");
    for (JobInfo j : r.getJobsList()) {
      TrainingProgress p = j.getLastEvent().getProgress();
      String progress = p.getTotalEpochs() > 0 ? "epoch " + p.getEpoch() + "/" + p.getTotalEpochs() : "";
      long end = j.getFinishedUnixMs() > 0 ? j.getFinishedUnixMs() : nowMs;
      String took = j.getStartedUnixMs() > 0 ? Fmt.duration((end - j.getStartedUnixMs()) / 1000) : "";
      String message = j.getState() == JobState.FAILED && !j.getError().isEmpty() ? j.getError()
          : j.getLastEvent().getMessage();
      t.row(j.getJobId(), kind(j), Fmt.lower(j.getState()), j.getLastEvent().getPhase(), progress, j.getVersionId(),
          Fmt.time(j.getCreatedUnixMs()), took, j.getDisplayName(), message);
    }
    return t.color("state", JobsCommand::stateColor);
  }

  private static String kind(JobInfo j) {
    return switch (j.getKind()) {
      case CLASSIFIER_TRAINING, JOB_KIND_UNSPECIFIED -> "classifier";
      case GENERATOR_TRAINING -> "generator";
      case EXPERIMENT -> "experiment";
      default -> Fmt.lower(j.getKind());
    };
  }

  @Command(name = "list", description = "Queued, running and finished jobs, newest first.")
  static final class ListJobs extends AdminCommand {
    @Option(names = "--state", paramLabel = "STATE", split = ",",
        description = "only these states: queued, running, succeeded, failed, cancelled (comma-separated)")
    List<StateFilter> states = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "at most N jobs (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    protected int run() {
      ListJobsResponse r = client().listJobs(states.stream().map(StateFilter::proto).toList(), limit);
      Printer p = printer();
      Table t = table(r, System.currentTimeMillis());
      if (p.format() == Format.table) {
        // the last message is long: on a terminal it goes to the end and may be cut by the width
        p.print(t);
        if (r.getJobsCount() == 0) {
          out().println("(no jobs: start one with 'train')");
        }
      } else {
        p.print(t, r);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "watch", description = "Re-attach to a job: its progress until it ends (Ctrl-C detaches again).")
  static final class Watch extends AdminCommand {
    @Parameters(index = "0", paramLabel = "JOB", completionCandidates = LiveCandidates.Jobs.class,
        description = "job id, e.g. job-1a2b3c4d")
    String id;

    @Option(names = "--cancel-on-interrupt", description = "Ctrl-C cancels the job instead of detaching (for scripts)")
    boolean cancelOnInterrupt;

    @Override
    protected int run() {
      return new JobFollower(session(), client(), out(), err(), format(), style(), cancelOnInterrupt)
          .follow(id, c -> c.watchJob(id));
    }
  }

  @Command(name = "cancel", description = "Stop a queued or running job cleanly; nothing is registered.")
  static final class Cancel extends AdminCommand {
    @Parameters(index = "0", paramLabel = "JOB", completionCandidates = LiveCandidates.ActiveJobs.class,
        description = "job id")
    String id;

    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
    boolean yes;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "30",
        description = "wait this long for the job to stop (default ${DEFAULT-VALUE}; 0 = do not wait)")
    long wait;

    @Override
    protected int run() {
      int ok = confirm(yes, "Cancel job " + id + "? Its progress is discarded.", "cancel " + id);
      if (ok != ExitCodes.OK) {
        return ok;
      }
      JobInfo j = client().cancelJob(id);
      JobState end = JobFollower.isTerminal(j.getState()) ? j.getState() : JobFollower.awaitEnd(client(), id, wait);
      Printer p = printer();
      String state = end == null ? Fmt.lower(j.getState()) + " (cancel requested)" : Fmt.lower(end);
      if (p.format() == Format.table) {
        out().println(end == null ? "cancel requested for " + id + ": it stops at its next step ('jobs watch " + id
            + "' shows when)" : "job " + id + " " + state + (end == JobState.CANCELLED ? "; nothing registered" : ""));
      } else {
        p.print(Table.of("id", "state").row(j.getJobId(), state), j);
      }
      return ExitCodes.OK;
    }
  }
}
