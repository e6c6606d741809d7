package io.emotioncluster.admin;

import io.emotioncluster.api.v1.GetVersionRequest;
import io.emotioncluster.api.v1.ListVersionsRequest;
import io.emotioncluster.api.v1.ListVersionsResponse;
import io.emotioncluster.api.v1.ModelVersion;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code versions list | show ID}. */
@Command(name = "versions", mixinStandardHelpOptions = true, description = "List and inspect model versions.",
    subcommands = {VersionsCommand.ListVersions.class, VersionsCommand.ShowVersion.class})
final class VersionsCommand implements Callable<Integer> {

  @ParentCommand
  AdminMain root;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "All versions, newest first.")
  static final class ListVersions implements Callable<Integer> {
    @ParentCommand
    VersionsCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      AdminMain root = parent.root;
      PrintWriter out = spec.commandLine().getOut();
      try (NodeClient client = root.connect()) {
        ListVersionsResponse r = client.admin().listVersions(ListVersionsRequest.getDefaultInstance());
        if (root.format == Output.Format.json) {
          out.println(Output.json(r));
        } else {
          Output.table(out, List.of("id", "kind", "stage", "architecture", "accuracy", "macro_f1", "created", "name"),
              r.getVersionsList().stream().map(v -> List.of(v.getId(), lower(v.getKind().name()),
                  lower(v.getStage().name()), v.getArchitecture(),
                  String.format(Locale.ROOT, "%.3f", v.getMetrics().getAccuracy()),
                  String.format(Locale.ROOT, "%.3f", v.getMetrics().getMacroF1()),
                  Instant.ofEpochMilli(v.getCreatedUnixMs()).toString(), v.getDisplayName())).toList());
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One version's metadata and metrics.")
  static final class ShowVersion implements Callable<Integer> {
    @ParentCommand
    VersionsCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (NodeClient client = parent.root.connect()) {
        ModelVersion v = client.admin().getVersion(GetVersionRequest.newBuilder().setVersionId(id).build());
        out.println(Output.json(v));
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
