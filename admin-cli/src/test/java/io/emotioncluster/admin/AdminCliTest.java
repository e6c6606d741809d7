package io.emotioncluster.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.admin.output.Style;
import io.emotioncluster.admin.output.Table;
import io.emotioncluster.admin.output.TableRenderer;
import io.grpc.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Command-line behaviour that needs no node: parsing, errors, exit codes, confirmation. */
class AdminCliTest {

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  Session.Builder session() {
    return Session.builder().out(new PrintWriter(out, true)).err(new PrintWriter(err, true)).env(Map.of())
        .defaults(new Session.Defaults(List.of("127.0.0.1:1"), 2, null, false));
  }

  int run(Session.Builder s, String... args) {
    try (Session session = s.build()) {
      return Commands.execute(session, args);
    }
  }

  @Test
  void tablesAlignColumns() {
    StringWriter s = new StringWriter();
    new TableRenderer(Style.PLAIN).print(new PrintWriter(s), Table.of("id", "accuracy").row("v10", "0.5").row("v2", "0.75"));
    assertThat(s.toString().split("\n")).containsExactly("id   accuracy", "v10  0.5", "v2   0.75");
  }

  @Test
  void grpcErrorsBecomeExitCodesAndReadableMessages() {
    StringWriter e = new StringWriter();
    int code = ExitCodes.report(Status.NOT_FOUND.withDescription("model version 'v9' does not exist")
        .asRuntimeException(), new PrintWriter(e, true));
    assertThat(code).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(e.toString()).isEqualTo("error: NOT_FOUND: model version 'v9' does not exist\n");
    assertThat(ExitCodes.of(Status.Code.UNAVAILABLE)).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(ExitCodes.of(Status.Code.DEADLINE_EXCEEDED)).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(ExitCodes.of(Status.Code.RESOURCE_EXHAUSTED)).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(ExitCodes.of(Status.Code.FAILED_PRECONDITION)).isEqualTo(ExitCodes.INVALID);
    assertThat(ExitCodes.of(Status.Code.UNIMPLEMENTED)).isEqualTo(ExitCodes.UNIMPLEMENTED);
    assertThat(ExitCodes.of(Status.Code.PERMISSION_DENIED)).isEqualTo(ExitCodes.DENIED);
    assertThat(ExitCodes.of(Status.Code.INTERNAL)).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void unreachableNodeIsExitCode3WithAHint() {
    int code = run(session(), "--target", "127.0.0.1:1", "--timeout", "2", "versions", "list");
    assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(err.toString()).contains("no node answered at 127.0.0.1:1").contains("bin/emotion-node");
  }

  @Test
  void everyTargetOfTheListIsTriedBeforeGivingUp() {
    int code = run(session(), "--target", "127.0.0.1:1,127.0.0.1:2", "versions", "list");
    assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(err.toString()).contains("no node answered at 127.0.0.1:1, 127.0.0.1:2");
  }

  @Test
  void missingFileIsAUsageError() {
    assertThat(run(session(), "classify", "/no/such/file.png")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("no such file or folder: /no/such/file.png");
  }

  @Test
  void unknownCommandsAndOptionsSuggestTheClosest() {
    assertThat(run(session(), "versoins", "list")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("error: unknown command 'versoins'; did you mean 'versions'?")
        .contains("Type 'help' for the commands");
    assertThat(run(session(), "jobs", "lst")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown subcommand 'lst' for 'jobs'; did you mean 'list'?")
        .contains("Try 'jobs --help' for its subcommands.");
    assertThat(run(session(), "compare", "v1", "v2", "--exprot", "md", "x.md")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown option '--exprot' for 'compare'; did you mean '--export'?");
    assertThat(run(session(), "versions", "show")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Missing required parameter: 'ID'").contains("Try 'versions show --help'.");
  }

  @Test
  void helpForEveryCommand() {
    assertThat(run(session(), "help", "train")).isZero();
    assertThat(out.toString()).contains("Usage: emotion-admin train").contains("--images-per-emotion")
        .contains("--early-stopping").contains("Examples:");
    for (String[] cmd : List.of(new String[] {"versions", "promote", "--help"}, new String[] {"jobs", "--help"},
        new String[] {"compare", "--help"}, new String[] {"generate", "--help"}, new String[] {"status", "--help"},
        new String[] {"classify", "--help"}, new String[] {"--help"})) {
      assertThat(run(session(), cmd)).as(String.join(" ", cmd)).isZero();
    }
    assertThat(out.toString()).contains("--yes").contains("--export").contains("contact-sheet").contains("Exit codes:");
  }

  @Test
  void aGroupWithoutASubcommandShowsItsUsage() {
    assertThat(run(session(), "versions")).isEqualTo(ExitCodes.USAGE);
    assertThat(out.toString()).contains("list").contains("promote").contains("rollback").contains("delete");
  }

  @Test
  void destructiveCommandsRefuseWithoutATerminalOrYes() {
    assertThat(run(session(), "versions", "delete", "v1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("refusing to delete v1 without confirmation: add --yes");
    assertThat(run(session(), "jobs", "cancel", "job-1")).isEqualTo(ExitCodes.USAGE);
    assertThat(run(session(), "versions", "rollback")).isEqualTo(ExitCodes.USAGE);
    assertThat(run(session(), "versions", "promote", "v2")).isEqualTo(ExitCodes.USAGE);
    // with --yes they go ahead (and here find no node)
    assertThat(run(session(), "versions", "delete", "v1", "--yes")).isEqualTo(ExitCodes.UNAVAILABLE);
  }

  @Test
  void onATerminalTheOperatorIsAskedAndNoChangesNothing() {
    List<String> questions = new ArrayList<>();
    Prompter no = new Prompter() {
      @Override
      public boolean canAsk() {
        return true;
      }

      @Override
      public boolean confirm(String question) {
        questions.add(question);
        return false;
      }
    };
    assertThat(run(session().prompter(no), "versions", "delete", "v3")).isEqualTo(ExitCodes.FAILED);
    assertThat(questions).containsExactly("Delete version v3 and its parameters file? This cannot be undone.");
    assertThat(err.toString()).contains("not confirmed: nothing changed");
    // scripts never ask, even on a terminal
    assertThat(run(session().prompter(no).mode(Session.Mode.SCRIPT), "jobs", "cancel", "job-1")).isEqualTo(ExitCodes.USAGE);
    assertThat(questions).hasSize(1);
  }

  @Test
  void incompleteTlsSettingsAreUsageErrorsBeforeAnythingIsSent() {
    assertThat(run(session(), "--tls-cert", "client.pem", "versions", "list")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
    assertThat(run(session(), "versions", "list", "--token-file", "/nonexistent/token")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("cannot read token file /nonexistent/token");
  }

  @Test
  void contradictoryTrainOptionsAreUsageErrorsBeforeAnythingIsSent() {
    assertThat(run(session(), "train", "--image-folder", "a", "--fer2013", "b.csv")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--image-folder and --fer2013 are alternatives");
    assertThat(run(session(), "train", "--fer2013", "b.csv", "--subjects", "3")).isEqualTo(ExitCodes.USAGE);
    assertThat(run(session(), "train", "--architecture", "resnet")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown architecture 'resnet': use vgg-mini or vgg16");
    assertThat(run(session(), "compare", "v1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("compare needs two versions");
    assertThat(run(session(), "compare", "v1", "v2", "--export", "pdf", "r.pdf")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown export format 'pdf'");
  }

  @Test
  void scriptErrorsNameTheLineAndRunNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path script = dir.resolve("s.txt");
    java.nio.file.Files.writeString(script, "versions list\ntrain --name \"open\n");
    assertThat(run(session(), "-f", script.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("s.txt:2: unclosed double quote").contains("(nothing was run)");
    assertThat(run(session(), "-f", dir.resolve("missing.txt").toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("cannot read script");
  }

  @Test
  void theFormatDefaultsToTablesOnATerminalAndJsonOtherwise() {
    try (Session piped = session().build(); Session tty = session().terminal(true).build()) {
      assertThat(new AdminMain(piped).format()).isEqualTo(io.emotioncluster.admin.output.Format.json);
      assertThat(new AdminMain(tty).format()).isEqualTo(io.emotioncluster.admin.output.Format.table);
      assertThat(new AdminMain(tty).style().enabled()).isTrue();
      assertThat(new AdminMain(session().terminal(true).env(Map.of("NO_COLOR", "1")).build()).style().enabled()).isFalse();
    }
  }

  @Test
  void historyGoesWhereTheEnvironmentSays() {
    assertThat(Session.historyFile(Map.of("EMOTION_ADMIN_HISTORY", "/tmp/h"))).hasToString("/tmp/h");
    assertThat(Session.historyFile(Map.of()).getFileName()).hasToString(".emotion-admin_history");
    assertThat(Session.Defaults.fromEnv(Map.of("EMOTION_TARGET", "a:1, b:2", "EMOTION_TIMEOUT", "7")).targets())
        .containsExactly("a:1", "b:2");
  }
}
