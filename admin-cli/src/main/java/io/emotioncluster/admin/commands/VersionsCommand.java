package io.emotioncluster.admin.commands;

import io.emotioncluster.admin.AdminCommand;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.output.Fmt;
import io.emotioncluster.admin.output.Format;
import io.emotioncluster.admin.output.Printer;
import io.emotioncluster.admin.output.Style;
import io.emotioncluster.admin.output.Table;
import io.emotioncluster.admin.shell.LiveCandidates;
import io.emotioncluster.api.v1.DeleteVersionResponse;
import io.emotioncluster.api.v1.ListVersionsResponse;
import io.emotioncluster.api.v1.ModelKind;
import io.emotioncluster.api.v1.ModelVersion;
import io.emotioncluster.api.v1.PromoteResponse;
import io.emotioncluster.api.v1.Stage;
import io.grpc.StatusRuntimeException;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code versions list | show | promote | rollback | delete}. */
@Command(name = "versions", description = "List, inspect, promote, roll back and delete model versions.",
    subcommands = {VersionsCommand.ListVersions.class, VersionsCommand.Show.class, VersionsCommand.Promote.class,
        VersionsCommand.Rollback.class, VersionsCommand.Delete.class})
public final class VersionsCommand extends AdminCommand {

  /** {@code --kind} values. */
  enum Kind {
    classifier, generator;

    ModelKind proto() {
      return this == classifier ? ModelKind.CLASSIFIER : ModelKind.GENERATOR;
    }
  }

  /** {@code --stage} values. */
  enum StageFilter {
    candidate, production, archived;

    Stage proto() {
      return Stage.valueOf(name().toUpperCase(Locale.ROOT));
    }
  }

  @Override
  protected int run() {
    return usage();
  }

  static Style.Color stageColor(String stage) {
    return switch (stage) {
      case "production" -> Style.Color.GREEN;
      case "archived" -> Style.Color.DIM;
      default -> Style.Color.NONE;
    };
  }

  /** The rows of {@code versions list}. */
  static Table table(ListVersionsResponse r) {
    Table t = Table.of("id", "kind", "stage", "architecture", "accuracy", "macro_f1", "test_images", "created",
        "parent", "name");
    for (ModelVersion v : r.getVersionsList()) {
      boolean metrics = v.hasMetrics() && v.getMetrics().getTestImages() > 0;
      t.row(v.getId(), Fmt.lower(v.getKind()), Fmt.lower(v.getStage()), v.getArchitecture(),
          metrics ? Fmt.num(v.getMetrics().getAccuracy(), 3) : "", metrics ? Fmt.num(v.getMetrics().getMacroF1(), 3) : "",
          metrics ? String.valueOf(v.getMetrics().getTestImages()) : "", Fmt.time(v.getCreatedUnixMs()),
          v.getParentVersion(), v.getDisplayName());
    }
    return t.color("stage", VersionsCommand::stageColor).right("accuracy", "macro_f1", "test_images");
  }

  @Command(name = "list", description = "All versions, newest first.")
  static final class ListVersions extends AdminCommand {
    @Option(names = "--kind", paramLabel = "KIND", description = "classifier or generator (default: both)")
    Kind kind;

    @Option(names = "--stage", paramLabel = "STAGE", description = "candidate, production or archived (default: all)")
    StageFilter stage;

    @Override
    protected int run() {
      ListVersionsResponse r = client().listVersions(kind == null ? null : kind.proto(),
          stage == null ? null : stage.proto());
      printer().print(table(r), r);
      if (format() == Format.table && r.getVersionsCount() == 0) {
        out().println("(no versions: train one with 'train', or start the node with its bootstrap)");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", description = "One version's metadata, test metrics and confusion matrix.")
  static final class Show extends AdminCommand {
    @Parameters(index = "0", paramLabel = "ID", completionCandidates = LiveCandidates.Versions.class,
        description = "version id, e.g. v1")
    String id;

    @Override
    protected int run() {
      ModelVersion v = client().getVersion(id);
      Printer p = printer();
      if (p.format() != Format.table) {
        p.print(VersionDetails.fields(v), v);
        return ExitCodes.OK;
      }
      VersionDetails.print(out(), v, style());
      return ExitCodes.OK;
    }
  }

  @Command(name = "promote", description = "Make a version production for its kind (serving switches without failed requests).")
  static final class Promote extends AdminCommand {
    @Parameters(index = "0", paramLabel = "ID", completionCandidates = LiveCandidates.Versions.class,
        description = "the version to serve")
    String id;

    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
    boolean yes;

    @Override
    protected int run() {
      int ok = confirm(yes, () -> "Promote " + id + " to production" + currentProduction() + "?", "promote " + id);
      if (ok != ExitCodes.OK) {
        return ok;
      }
      PromoteResponse r = client().promote(id);
      printSwitch(printer(), r, "production is now ");
      return ExitCodes.OK;
    }

    private String currentProduction() {
      try {
        ListVersionsResponse r = client().listVersions(null, null);
        ModelVersion v = r.getVersionsList().stream().filter(x -> x.getId().equals(id)).findFirst().orElse(null);
        if (v == null) {
          return "";
        }
        String current = v.getKind() == ModelKind.GENERATOR ? r.getProductionGenerator() : r.getProductionClassifier();
        return current.isEmpty() ? "" : " (replacing " + current + ")";
      } catch (StatusRuntimeException e) {
        return "";
      }
    }
  }

  @Command(name = "rollback", description = "Make the previous production version of a kind production again.")
  static final class Rollback extends AdminCommand {
    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "classifier",
        description = "classifier or generator (default ${DEFAULT-VALUE})")
    Kind kind;

    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
    boolean yes;

    @Override
    protected int run() {
      int ok = confirm(yes, "Roll the production " + kind + " back to its previous version?",
          "roll back the production " + kind);
      if (ok != ExitCodes.OK) {
        return ok;
      }
      PromoteResponse r = client().rollback(kind.proto());
      printSwitch(printer(), r, "rolled back: production is now ");
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", description = "Delete a version (refused for production and for versions others depend on).")
  static final class Delete extends AdminCommand {
    @Parameters(index = "0", paramLabel = "ID", completionCandidates = LiveCandidates.Versions.class,
        description = "the version to delete")
    String id;

    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
    boolean yes;

    @Override
    protected int run() {
      int ok = confirm(yes, "Delete version " + id + " and its parameters file? This cannot be undone.", "delete " + id);
      if (ok != ExitCodes.OK) {
        return ok;
      }
      DeleteVersionResponse r = client().deleteVersion(id);
      Printer p = printer();
      if (p.format() == Format.table) {
        out().println("deleted " + r.getVersionId());
      } else {
        p.print(Table.of("deleted").row(r.getVersionId()), r);
      }
      return ExitCodes.OK;
    }
  }

  static void printSwitch(Printer p, PromoteResponse r, String lead) {
    if (p.format() == Format.table) {
      p.out().println(lead + p.style().green(r.getProductionVersion())
          + (r.getPreviousVersion().isEmpty() ? "" : " (was " + r.getPreviousVersion() + ")"));
      p.out().flush();
    } else {
      p.print(Table.of("production_version", "previous_version").row(r.getProductionVersion(), r.getPreviousVersion()), r);
    }
  }
}
