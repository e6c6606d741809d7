package io.emotioncluster.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AdminCliTest {

  @Test
  void tablesAlignColumns() {
    StringWriter s = new StringWriter();
    Output.table(new PrintWriter(s), List.of("id", "accuracy"), List.of(List.of("v10", "0.5"), List.of("v2", "0.75")));
    assertThat(s.toString().split("\n")).containsExactly("id   accuracy", "v10  0.5", "v2   0.75");
  }

  @Test
  void grpcErrorsBecomeExitCodesAndReadableMessages() {
    StringWriter err = new StringWriter();
    int code = ExitCodes.report(Status.NOT_FOUND.withDescription("model version 'v9' does not exist")
        .asRuntimeException(), new PrintWriter(err, true));
    assertThat(code).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(err.toString()).contains("NOT_FOUND").contains("'v9' does not exist");
    assertThat(ExitCodes.report(Status.UNAVAILABLE.asRuntimeException(), new PrintWriter(new StringWriter())))
        .isEqualTo(ExitCodes.UNAVAILABLE);
  }

  @Test
  void unreachableNodeIsExitCode3WithAHint() {
    CommandLine cli = new CommandLine(new AdminMain());
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> ExitCodes.report(ex, cmd.getErr()));
    int code = cli.execute("--target", "127.0.0.1:1", "--timeout", "2", "versions", "list");
    assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(err.toString()).contains("no node answered at 127.0.0.1:1").contains("bin/emotion-node");
  }

  @Test
  void missingFileIsAUsageError() {
    CommandLine cli = new CommandLine(new AdminMain());
    cli.setErr(new PrintWriter(new StringWriter()));
    assertThat(cli.execute("classify", "/no/such/file.png")).isEqualTo(ExitCodes.USAGE);
  }
}
