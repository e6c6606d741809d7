package io.emotioncluster.admin.jobs;

import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.Interrupts;
import io.emotioncluster.admin.Session;
import io.emotioncluster.admin.client.NodeClient;
import io.emotioncluster.admin.output.Fmt;
import io.emotioncluster.admin.output.Format;
import io.emotioncluster.admin.output.Style;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobInfo;
import io.emotioncluster.api.v1.JobState;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Follows a job's event stream (Train or WatchJob) to its end and returns the exit code of its
 * outcome. Ctrl-C detaches: the stream is dropped and the job keeps running on the node, unless
 * the operator, asked on a terminal, confirms cancelling it (or --cancel-on-interrupt was given).
 */
public final class JobFollower {

  private final Session session;
  private final NodeClient client;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Format format;
  private final Style style;
  private final boolean cancelOnInterrupt;

  public JobFollower(Session session, NodeClient client, PrintWriter out, PrintWriter err, Format format, Style style,
      boolean cancelOnInterrupt) {
    this.session = session;
    this.client = client;
    this.out = out;
    this.err = err;
    this.format = format;
    this.style = style;
    this.cancelOnInterrupt = cancelOnInterrupt;
  }

  /** Opens the stream with {@code open} and follows it; {@code jobId} may be null until the first event. */
  public int follow(String jobId, Function<NodeClient, Iterator<JobEvent>> open) {
    Context.CancellableContext ctx = Context.current().withCancellation();
    AtomicBoolean interrupted = new AtomicBoolean();
    JobEvent last = null;
    String id = jobId;
    long started = System.currentTimeMillis();
    JobView view = view();
    try (Interrupts.Handle ignored = session.interrupts().onInterrupt(() -> {
      interrupted.set(true);
      ctx.cancel(null);
    })) {
      Context previous = ctx.attach();
      try {
        Iterator<JobEvent> events = open.apply(client);
        boolean first = true;
        while (events.hasNext()) {
          JobEvent e = events.next();
          if (id == null || first) {
            id = e.getJobId();
            if (first && format != Format.json) {
              hint(view, e);
            }
            first = false;
          }
          view.event(e);
          last = e;
          if (isTerminal(e.getState())) {
            break;
          }
        }
      } catch (StatusRuntimeException e) {
        if (!interrupted.get()) {
          view.close();
          throw e;
        }
      } finally {
        ctx.detach(previous);
      }
    } finally {
      view.close();
      ctx.cancel(null); // ends the stream if we stopped early
    }
    if (interrupted.get() && (last == null || !isTerminal(last.getState()))) {
      return detach(id);
    }
    if (last == null || !isTerminal(last.getState())) {
      throw Status.UNAVAILABLE.withDescription("the event stream ended before the job did"
          + (id == null ? "" : "; 'jobs watch " + id + "' re-attaches")).asRuntimeException();
    }
    return outcome(last, System.currentTimeMillis() - started);
  }

  private JobView view() {
    if (format == Format.json) {
      return JobView.json(out);
    }
    if (session.terminal() && format == Format.table) {
      return JobView.live(out, style, session.width());
    }
    return JobView.lines(out);
  }

  private void hint(JobView view, JobEvent first) {
    if (session.terminal() && format == Format.table) {
      out.println("job " + style.bold(first.getJobId()) + style.dim(" (Ctrl-C detaches; the job keeps running)"));
    }
  }

  /** The exit code and closing lines for a job that ended. */
  private int outcome(JobEvent last, long followedMs) {
    if (format == Format.json) {
      return code(last.getState());
    }
    boolean pretty = session.terminal() && format == Format.table;
    switch (last.getState()) {
      case SUCCEEDED -> {
        if (pretty) {
          out.println(style.green("succeeded") + " in " + Fmt.duration(followedMs / 1000) + ": " + last.getMessage());
          if (last.getVersionId().isBlank()) { // experiments register many versions and report a comparison
            out.println("comparison: " + style.bold("compare --experiment " + last.getJobId()));
          } else {
            out.println("registered version: " + style.bold(last.getVersionId()));
          }
        }
      }
      case FAILED -> {
        if (pretty) {
          out.println(style.red("failed") + ": " + last.getMessage());
        }
        err.println("error: job " + last.getJobId() + " failed: " + last.getMessage());
      }
      case CANCELLED -> {
        if (pretty) {
          out.println(style.yellow("cancelled") + ": " + last.getMessage());
        }
      }
      default -> { }
    }
    out.flush();
    err.flush();
    return code(last.getState());
  }

  static int code(JobState s) {
    return switch (s) {
      case SUCCEEDED -> ExitCodes.OK;
      case FAILED -> ExitCodes.JOB_FAILED;
      case CANCELLED -> ExitCodes.JOB_CANCELLED;
      default -> ExitCodes.FAILED;
    };
  }

  public static boolean isTerminal(JobState s) {
    return s == JobState.SUCCEEDED || s == JobState.FAILED || s == JobState.CANCELLED;
  }

  /**
   * Watches job {@code id} for at most {@code seconds} and returns the state it ended in, or null
   * if it had not ended by then (or could not be watched).
   */
  public static JobState awaitEnd(NodeClient client, String id, long seconds) {
    if (seconds <= 0) {
      return null;
    }
    try (Context.CancellableContext ctx = Context.current().withDeadlineAfter(seconds, java.util.concurrent.TimeUnit.SECONDS,
        DEADLINES)) {
      return ctx.call(() -> {
        Iterator<JobEvent> events = client.watchJob(id);
        while (events.hasNext()) {
          JobEvent e = events.next();
          if (isTerminal(e.getState())) {
            return e.getState();
          }
        }
        return null;
      });
    } catch (Exception e) {
      return null;
    }
  }

  private static final java.util.concurrent.ScheduledExecutorService DEADLINES =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-deadline");
        t.setDaemon(true);
        return t;
      });

  /** After Ctrl-C: cancel the job if asked to (or confirmed), else leave it running. */
  private int detach(String id) {
    if (id == null) {
      err.println("interrupted before the node answered; 'jobs list' shows whether the job was accepted");
      return ExitCodes.INTERRUPTED;
    }
    boolean cancel = cancelOnInterrupt;
    if (!cancel && session.mode() != Session.Mode.SCRIPT && session.prompter().canAsk()) {
      out.println();
      cancel = session.prompter().confirm("Cancel job " + id + " on the node as well? (no = detach, it keeps running)");
    }
    if (cancel) {
      try {
        return Context.ROOT.call(() -> cancelAndWait(id));
      } catch (Exception e) {
        return ExitCodes.report(e, err);
      }
    }
    out.println("detached from job " + id + ": it keeps running on the node; 'jobs watch " + id + "' re-attaches");
    out.flush();
    return ExitCodes.INTERRUPTED;
  }

  /** Cancels the job and waits (up to 30 s) to report how it ended. */
  private int cancelAndWait(String id) {
    JobInfo info = client.cancelJob(id);
    JobState end = isTerminal(info.getState()) ? info.getState() : awaitEnd(client, id, 30);
    out.println(end == null ? "cancel requested for job " + id + "; it stops at its next step, nothing will be registered"
        : "job " + id + " " + Fmt.lower(end) + (end == JobState.CANCELLED ? "; nothing registered" : ""));
    out.flush();
    return end == null ? ExitCodes.JOB_CANCELLED : code(end);
  }
}
