package io.emotioncluster.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotioncluster.admin.Commands;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.Session;
import io.emotioncluster.node.security.AuthConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} as a release load test: two real nodes with tokens on, load spread over both with
 * the shipped client settings, per-node results, node CPU per request with an admin token, and a
 * ramp that finds the highest rate within a p99 objective.
 */
class BenchClusterTest {

  static final String ADMIN = "admin-token-bench-0123456789";
  static final String INFERENCE = "inference-token-bench-01234";

  @TempDir
  static Path dir;
  static final List<InProcessNode> nodes = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    AuthConfig auth = AuthConfig.tokens(null, "admin:" + ADMIN + ",inference:" + INFERENCE);
    nodes.add(InProcessNode.startReady(dir.resolve("a"), auth));
    nodes.add(InProcessNode.startReady(dir.resolve("b"), auth));
  }

  @AfterAll
  static void stop() {
    nodes.forEach(InProcessNode::close);
  }

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(out);
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--target", nodes.get(0).target() + "," + nodes.get(1).target()));
    all.addAll(List.of(args));
    try (Session s = Session.builder().out(new PrintWriter(out, true)).err(new PrintWriter(err, true)).env(Map.of())
        .defaults(new Session.Defaults(List.of("localhost:1"), 20, null, false)).build()) {
      Run r = new Run(Commands.execute(s, all.toArray(String[]::new)), out.toString(), err.toString());
      System.out.println("$ bench " + String.join(" ", args) + "\n" + r.out() + r.err());
      return r;
    }
  }

  @Test
  void inferenceTokenSpreadsLoadOverEveryNode() throws Exception {
    Run r = run("--token", INFERENCE, "bench", "-c", "4", "-d", "2", "--warmup", "1", "--format", "json");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    JsonNode j = r.json();
    assertThat(j.get("errors").size()).as("errors: " + j.get("errors")).isZero();
    assertThat(j.get("ok").asLong()).isPositive();
    assertThat(j.get("nodes")).hasSize(2);
    for (JsonNode n : j.get("nodes")) {
      assertThat(n.get("ok").asLong()).as("calls answered by " + n.get("node_id")).isGreaterThan(j.get("ok").asLong() / 5);
    }
    assertThat(j.get("server_added_us").get("p50").asLong()).isPositive();
    // CPU needs ClusterStatus, which an inference token may not call: said, not failed
    assertThat(j.get("cpu").isNull()).isTrue();
    assertThat(j.get("cpu_note").asText()).contains("admin token");
  }

  @Test
  void adminTokenAddsNodeCpuPerRequest() throws Exception {
    Run r = run("--token", ADMIN, "bench", "-c", "4", "-d", "2", "--warmup", "1", "--format", "table");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("cpu us/req").contains("all nodes").contains("server added");
    Run j = run("--token", ADMIN, "bench", "-c", "4", "-d", "2", "--warmup", "1", "--format", "json");
    // both nodes run in this test's JVM, so each reports the JVM's CPU (the client's included):
    // the figures are only checked for being read and divided, not for their size
    JsonNode cpu = j.json().get("cpu");
    assertThat(cpu.get("requests").asLong()).isGreaterThanOrEqualTo(j.json().get("ok").asLong() / 2);
    assertThat(cpu.get("cpu_us_per_request").asDouble()).isBetween(10.0, 1_000_000.0);
    for (JsonNode n : j.json().get("nodes")) {
      assertThat(n.get("cpu").get("cpu_us").asLong()).isPositive();
    }
  }

  @Test
  void rampReportsTheHighestRateWithinTheObjective() throws Exception {
    // the objective is loose on purpose: this checks the ramp's mechanics, not the machine's speed
    Run ok = run("--token", ADMIN, "bench", "--ramp", "--rate", "10", "--ramp-step", "10", "--max-rate", "30",
        "-d", "1.5", "--warmup", "0.5", "--slo-p99-ms", "15000", "--format", "json");
    assertThat(ok.code()).as(ok.err()).isEqualTo(ExitCodes.OK);
    JsonNode j = ok.json();
    assertThat(j.get("steps")).hasSize(3);
    assertThat(j.get("max_rate_within_slo").asDouble()).isEqualTo(30.0);
    assertThat(j.get("steps").get(0).get("result").get("nodes")).hasSize(2);

    Run tight = run("--token", ADMIN, "bench", "--ramp", "--rate", "10", "--ramp-step", "10", "--max-rate", "30",
        "-d", "1", "--warmup", "0.5", "--slo-p99-ms", "0.001", "--format", "table");
    assertThat(tight.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(tight.out()).contains("no rate held p99 <= 0.001 ms").contains("NO: p99");
  }
}
