package io.emotioncluster.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.admin.Commands;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.Session;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell, driven through an xterm terminal, against a real node started in-process.
 * The steps build on each other (v1 is the bootstrap; the first training registers the version that
 * compare and promote use), so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShellEndToEndTest {

  static final Duration SHORT = Duration.ofSeconds(30);
  static final Duration TRAINING = Duration.ofSeconds(150);

  @TempDir
  static Path dir;

  InProcessNode node;
  ShellDriver shell;
  Path history;
  /** The version the first training step registered. */
  String trained;

  @BeforeAll
  void start() throws Exception {
    node = InProcessNode.startReady(dir.resolve("node"));
    history = dir.resolve("history");
    shell = new ShellDriver(node.target(), history);
    shell.waitFor(0, "connected to 127\\.0\\.0\\.1:\\d+.*emotion 127\\.0\\.0\\.1:\\d+> ", SHORT);
  }

  @AfterAll
  void stop() throws Exception {
    if (shell != null) {
      shell.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  @Order(1)
  void tabCompletesCommandsAndLiveVersionIds() throws Exception {
    int mark = shell.mark();
    shell.type("vers\t");
    shell.waitFor(mark, "versions ", SHORT);
    shell.type("sh\t");
    shell.waitFor(mark, "versions show ", SHORT);
    mark = shell.mark();
    shell.type("v\t"); // the node's versions: the bootstrap v1 (and any other it registered at start)
    shell.waitFor(mark, "v1", SHORT);
    shell.type("\u0015"); // Ctrl-U: drop the line
    mark = shell.mark();
    shell.type("versions show v1\r");
    String out = shell.waitFor(mark, "confusion matrix.*neutral.*> $", SHORT);
    assertThat(out).contains("stage").contains("production").contains("test accuracy").contains("bootstrap");
  }

  @Test
  @Order(2)
  void aMistypedCommandSuggestsTheClosestOne() throws Exception {
    int mark = shell.mark();
    shell.type("versoins list\r");
    String out = shell.waitFor(mark, "Type 'help'", SHORT);
    assertThat(out).contains("unknown command 'versoins'; did you mean 'versions'?");
    mark = shell.mark();
    shell.type("versions promte v1\r");
    out = shell.waitFor(mark, "--help", SHORT);
    assertThat(out).contains("unknown subcommand 'promte' for 'versions'; did you mean 'promote'?");
    mark = shell.mark();
    shell.type("train --epoch 2\r");
    out = shell.waitFor(mark, "--help", SHORT);
    assertThat(out).contains("did you mean '--epochs'?");
  }

  @Test
  @Order(3)
  void trainingShowsProgressAndEndsWithTheRegisteredVersion() throws Exception {
    int mark = shell.mark();
    shell.type("train --subjects 12 --images-per-emotion 2 --difficulty 0.2 --epochs 2 --seed 3 --name e2e\r");
    String out = shell.waitFor(mark, "registered version: v\\d+", TRAINING);
    trained = ShellDriver.find(out, "registered version: (v\\d+)");
    assertThat(out).contains("job job-").contains("loading-data").containsPattern("epoch 1/2 +loss \\d")
        .containsPattern("epoch 2/2 +loss \\d").contains("val acc").contains("img/s").contains("succeeded");
  }

  @Test
  @Order(4)
  void compareRendersBothArmsWithIntervalsAndSignificance() throws Exception {
    Path report = dir.resolve("reports/compare.html");
    int mark = shell.mark();
    shell.type("compare v1 " + trained + " --export html " + report + "\r");
    String out = shell.waitFor(mark, "report written to", TRAINING);
    assertThat(out).contains("baseline v1").contains("candidate " + trained).containsPattern("accuracy +0\\.\\d{3} \\[0\\.\\d{3}, ")
        .contains("macro-F1").contains("McNemar").containsPattern("p (= 0\\.\\d{4}|< 0\\.0001)")
        .contains("F1 baseline").contains("surprise").contains("confusion matrices");
    assertThat(Files.readString(report)).contains("<table>").contains("Confusion matrices").contains("McNemar");
  }

  @Test
  @Order(5)
  void ctrlCDetachesFromATrainingJobAndJobsWatchReattaches() throws Exception {
    int mark = shell.mark();
    shell.type("train --subjects 30 --images-per-emotion 3 --epochs 6 --seed 4 --name detach-me\r");
    String out = shell.waitFor(mark, "epoch 1/6 +loss", TRAINING);
    String job = ShellDriver.find(out, "job (job-[0-9a-f]{8})");
    shell.type("\u0003"); // Ctrl-C
    shell.waitFor(mark, "Cancel job " + job + " on the node as well\\?.*\\[y/N\\]", SHORT);
    shell.type("n\r");
    out = shell.waitFor(mark, "detached from job " + job + ".*jobs watch " + job + "' re-attaches", SHORT);

    mark = shell.mark();
    shell.type("jobs cancel \t"); // only the detached job is still active: Tab completes it
    shell.waitFor(mark, job, SHORT);
    shell.type("\u0015"); // Ctrl-U: drop the line
    mark = shell.mark();
    shell.type("jobs watch " + job + "\r");
    out = shell.waitFor(mark, "registered version: v\\d+", TRAINING);
    assertThat(out).contains("epoch 6/6");
  }

  @Test
  @Order(6)
  void generateSaysHowToGetAGeneratorWhenThereIsNone() throws Exception {
    Path folder = dir.resolve("generated");
    int mark = shell.mark();
    shell.type("generate --emotion hap\t");
    shell.waitFor(mark, "happiness", SHORT);
    mark = shell.mark();
    shell.type(" --count 2 --out " + folder + "\r");
    String out = shell.waitFor(mark, "FAILED_PRECONDITION.*> $", SHORT);
    assertThat(out).contains("no production generator").contains("--kind generator");
    assertThat(folder).doesNotExist();
  }

  @Test
  @Order(7)
  void statusShowsTheStandaloneNodeFromClusterStatus() throws Exception {
    int mark = shell.mark();
    shell.type("status\r");
    String out = shell.waitFor(mark, "standalone: 1 node, 1 ready[\\s\\S]*> $", SHORT);
    assertThat(out).containsPattern("yes +SERVING +MXNet").contains("v1");
  }

  @Test
  @Order(8)
  void destructiveCommandsAskFirst() throws Exception {
    int mark = shell.mark();
    shell.type("versions promote " + trained + "\r");
    shell.waitFor(mark, "Promote " + trained + " to production \\(replacing v1\\)\\? \\[y/N\\]", SHORT);
    shell.type("n\r");
    shell.waitFor(mark, "not confirmed: nothing changed", SHORT);
    mark = shell.mark();
    shell.type("versions promote " + trained + " --yes\r");
    shell.waitFor(mark, "production is now " + trained + " \\(was v1\\)", TRAINING);
  }

  @Test
  @Order(9)
  void helpWorksEverywhere() throws Exception {
    int mark = shell.mark();
    shell.type("help\r");
    String out = shell.waitFor(mark, "Exit codes", SHORT);
    assertThat(out).contains("versions").contains("compare").contains("generate");
    mark = shell.mark();
    shell.type("jobs watch --help\r");
    out = shell.waitFor(mark, "--cancel-on-interrupt", SHORT);
    assertThat(out).contains("Usage: emotion-admin jobs watch");
  }

  @Test
  @Order(10)
  void exitLeavesTheShellAndKeepsTheHistory() throws Exception {
    shell.type("exit\r");
    assertThat(shell.exitCode(SHORT)).isZero();
    assertThat(Files.readString(history)).contains("versions show v1").contains("compare v1 " + trained);
  }

  // ------------------------------------------------------------------ non-interactive and script mode

  /** One command line, not on a terminal (as from a pipe or CI). */
  record Run(int code, String out, String err) { }

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (Session s = Session.builder().out(new PrintWriter(out, true)).err(new PrintWriter(err, true)).env(Map.of())
        .historyFile(dir.resolve("unused-history")).defaults(new Session.Defaults(List.of(node.target()), 120, null, false))
        .build()) {
      int code = Commands.execute(s, args);
      return new Run(code, out.toString(), err.toString());
    }
  }

  @Test
  @Order(20)
  void nonInteractiveOutputIsMachineReadable() {
    Run json = run("versions", "list");
    assertThat(json.code()).isZero();
    assertThat(json.out()).contains("\"productionClassifier\": \"" + trained + "\"").contains("\"id\": \"v1\"")
        .doesNotContain("\u001b[");
    Run csv = run("versions", "list", "--format", "csv", "--stage", "production");
    assertThat(csv.out().split("\r\n")).hasSize(2);
    assertThat(csv.out()).startsWith("id,kind,stage,architecture,accuracy,macro_f1,test_images,created,parent,name\r\n"
        + trained + ",classifier,production,vgg-mini,");
    Run jobs = run("jobs", "list", "--format", "table", "--state", "succeeded");
    assertThat(jobs.out()).startsWith("id ").contains("succeeded").contains("detach-me").contains("e2e");
  }

  @Test
  @Order(21)
  void nonInteractiveTrainPrintsOneLinePerEvent() {
    Run r = run("train", "--subjects", "12", "--images-per-emotion", "2", "--epochs", "1", "--format", "table");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("(?m)^\\S+Z job-[0-9a-f]{8} RUNNING training epoch=1/1 loss=\\d\\.\\d{4} acc=")
        .containsPattern("(?m)^\\S+Z job-[0-9a-f]{8} SUCCEEDED done version=(v\\d+): registered \\1")
        .doesNotContain("\r").doesNotContain("[#");
  }

  @Test
  @Order(22)
  void scriptsStopAtTheFirstFailureWithItsExitCode() throws Exception {
    Path script = dir.resolve("script.txt");
    Files.writeString(script, "# a comment, then a blank line\n\nversions list --format csv\n"
        + "versions show v999   \n  versions list --format csv\n");
    Run r = run("-f", script.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("script.txt:4: 'versions show v999' failed with exit code 4; stopping");
    assertThat(r.out().split("id,kind,stage", -1)).hasSize(2); // the line after the failure did not run

    Run all = run("-f", script.toString(), "--continue-on-error");
    assertThat(all.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(all.out().split("id,kind,stage", -1)).hasSize(3);
    assertThat(all.err()).contains("1 of 3 commands failed (first at line 4)");

    Files.writeString(script, "versions list\nversions delete v1\n");
    Run refused = run("-f", script.toString());
    assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("refusing to delete v1 without confirmation: add --yes to the script line");

    Files.writeString(script, "versions list --format csv\nexit 0\nversions show v999\n");
    assertThat(run("-f", script.toString()).code()).isZero();
  }

  @Test
  @Order(23)
  void failsOverToTheNextTargetAndReportsUnimplementedHonestly() {
    Run r = run("--target", "127.0.0.1:1," + node.target(), "versions", "list", "--format", "csv");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("v1,classifier");

    Run status = run("nodes");
    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.out()).contains("\"clusterName\": \"\"").contains("\"ready\": true")
        .contains("\"loadedVersions\"");

    Run gen = run("generate", "--out", dir.resolve("gen").toString());
    assertThat(gen.code()).isEqualTo(ExitCodes.INVALID); // FAILED_PRECONDITION: the node has no generator yet
    assertThat(gen.err()).contains("no production generator");

    // this node runs with --auth none: a token is sent and ignored (AdminSecurityTest covers nodes that check)
    Run token = run("--token", "secret-token-0123456789", "versions", "list");
    assertThat(token.code()).isEqualTo(ExitCodes.OK);
  }
}
