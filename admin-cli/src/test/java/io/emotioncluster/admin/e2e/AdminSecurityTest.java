package io.emotioncluster.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.admin.Commands;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.Session;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.NodeConfig;
import io.emotioncluster.node.app.OperationsConfig;
import io.emotioncluster.node.security.AuthConfig;
import io.emotioncluster.node.security.TlsConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console against a node with TLS and tokens: --tls-ca, --token-file, EMOTION_TOKEN, roles. */
class AdminSecurityTest {

  static final String ADMIN = "admin-token-0123456789abcdef";
  static final String INFERENCE = "inference-token-0123456789ab";

  @TempDir
  static Path dir;
  static EmotionNode node;
  static Path ca;

  @BeforeAll
  static void start() throws Exception {
    Path certs = dir.resolve("certs");
    Path script = Path.of("..", "deploy", "tls", "make-test-certs.sh").toAbsolutePath().normalize();
    Process p = new ProcessBuilder("bash", script.toString(), certs.toString(), "localhost", "127.0.0.1")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
    ca = certs.resolve("ca.pem");
    NodeConfig config = NodeConfig.defaults(dir.resolve("node")).withHost("127.0.0.1").withPort(0)
        .withBootstrap(false, null).withFaceApiImport(false)
        .withOperations(OperationsConfig.defaults()
            .withAuth(AuthConfig.tokens(null, "admin:" + ADMIN + ",inference:" + INFERENCE))
            .withTls(new TlsConfig(certs.resolve("node.pem"), certs.resolve("node.key"), null)));
    node = EmotionNode.start(config);
    // The console probes a node for at most 5 s; the JVM's first TLS handshake (JSSE and crypto
    // start-up) can take longer on a busy machine, so make it here with a generous deadline.
    io.grpc.ManagedChannel warm = io.grpc.Grpc.newChannelBuilder("localhost:" + node.port(),
        io.grpc.TlsChannelCredentials.newBuilder().trustManager(ca.toFile()).build()).build();
    try {
      io.grpc.health.v1.HealthGrpc.newBlockingStub(warm).withDeadlineAfter(60, TimeUnit.SECONDS)
          .check(io.grpc.health.v1.HealthCheckRequest.getDefaultInstance());
    } finally {
      warm.shutdownNow();
    }
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  record Run(int code, String out, String err) { }

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (Session s = Session.builder().out(new PrintWriter(out, true)).err(new PrintWriter(err, true)).env(env)
        .defaults(new Session.Defaults(List.of("localhost:" + node.port()), 20, null, false)).build()) {
      return new Run(Commands.execute(s, args), out.toString(), err.toString());
    }
  }

  @Test
  void tokensAndTlsFromFlagsFilesAndEnvironment() throws Exception {
    Path tokenFile = dir.resolve("admin.token");
    Files.writeString(tokenFile, ADMIN + "\n");

    Run ok = run(Map.of(), "--tls-ca", ca.toString(), "--token-file", tokenFile.toString(), "versions", "list");
    assertThat(ok.code()).as(ok.err()).isEqualTo(ExitCodes.OK);

    Run viaEnv = run(Map.of("EMOTION_TOKEN", ADMIN, "EMOTION_TLS_CA", ca.toString()), "versions", "list");
    assertThat(viaEnv.code()).as(viaEnv.err()).isEqualTo(ExitCodes.OK);

    Run noToken = run(Map.of(), "--tls-ca", ca.toString(), "versions", "list");
    assertThat(noToken.code()).isEqualTo(ExitCodes.DENIED);
    assertThat(noToken.err()).contains("UNAUTHENTICATED");

    Run inference = run(Map.of(), "--tls-ca", ca.toString(), "--token", INFERENCE, "versions", "list");
    assertThat(inference.code()).isEqualTo(ExitCodes.DENIED);
    assertThat(inference.err()).contains("PERMISSION_DENIED").contains("admin role");
    assertThat(inference.err() + inference.out()).doesNotContain(INFERENCE);

    Run plaintext = run(Map.of(), "--token", ADMIN, "versions", "list");
    assertThat(plaintext.code()).isNotEqualTo(ExitCodes.OK);
  }
}
