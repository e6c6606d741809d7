package io.emotioncluster.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.api.v1.DatasetSpec;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.GeneratorConfig;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobKind;
import io.emotioncluster.api.v1.JobState;
import io.emotioncluster.api.v1.SynthFacsSpec;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.TestNodes;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.image.PngCodec;
import io.emotioncluster.node.security.AuthConfig;
import io.emotioncluster.node.security.TestCerts;
import io.emotioncluster.node.security.TlsConfig;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python client (clients/python) end to end against a real node, through grpc-core (Debian's
 * python3-grpcio): tokens, TLS, an address list as target (in plaintext grpc-core sends it as
 * :authority, which the node used to reset with PROTOCOL_ERROR: every call failed INTERNAL), Classify, ClassifyStream with detect_faces on real
 * photos, Generate from a freshly trained tiny generator, and the camera-loop example on a folder.
 *
 * <p>Needs python3 with grpc and google.protobuf, and protoc. CI installs them (.ci/run) and sets
 * EMOTION_REQUIRE_PYTHON_CLIENT=1, which turns their absence into a failure; elsewhere the test is
 * skipped with the reason.
 */
class PythonClientTest {

  static final String TOKEN = "inference-token-python-0123456789";
  static final String ADMIN = "admin-token-python-0123456789ab";
  static final Path CLIENT = Path.of("..", "clients", "python").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  @Test
  void pythonClientWorksEndToEndOverAnAddressList() throws Exception {
    String python = pythonWithGrpc();
    run(List.of(CLIENT.resolve("build-stubs").toString()), 60);

    TestCerts certs = TestCerts.make(tmp.resolve("certs"));
    Path tokens = tmp.resolve("tokens");
    Files.writeString(tokens, "inference " + TOKEN + "\nadmin " + ADMIN + "\n");
    var auth = TestNodes.config(tmp).operations().withAuth(AuthConfig.tokens(tokens, null));
    // plaintext: grpc-core then sends the address list itself as :authority (with TLS it sends the
    // certificate name instead); a TLS node without a model checks the client's TLS options
    try (EmotionNode node = TestNodes.startReady(TestNodes.config(tmp.resolve("node")).withOperations(auth));
        EmotionNode tlsNode = EmotionNode.start(TestNodes.config(tmp.resolve("tls"))
            .withBootstrap(false, TestNodes.SMALL_BOOTSTRAP)
            .withOperations(auth.withTls(new TlsConfig(certs.nodeCert(), certs.nodeKey(), null))))) {
      trainTinyGenerator(node);

      Path face = tmp.resolve("face.png");
      Files.write(face, PngCodec.encode(new SynthFacs(SynthFacsConfig.defaults().withSubjects(1)
          .withImagesPerEmotion(1).withSeed(7)).generate().get(3).image()));
      Path photos = Path.of("src", "test", "resources", "faceapi", "photos").toAbsolutePath();
      // the live node and a closed port: round_robin must route every call to the live one
      String nodes = "127.0.0.1:" + node.port() + ",127.0.0.1:" + closedPort();

      long droppedBefore = LenientAuthority.dropped();
      String out = run(List.of(python, CLIENT.resolve("tests/e2e_check.py").toString(), "--node", nodes,
          "--token", TOKEN, "--face", face.toString(), "--photos", photos.toString(), "--expect-generator",
          "--tls-node", "localhost:" + tlsNode.port(), "--ca", certs.ca().toString()), 240);
      assertThat(out).contains("channel target: ipv4:127.0.0.1:" + node.port()).contains("E2E OK");
      assertThat(out).doesNotContain("FAILED");
      assertThat(LenientAuthority.dropped()).as("grpc-core sent the address list as :authority")
          .isGreaterThan(droppedBefore);

      String example = run(List.of(python, CLIENT.resolve("examples/camera_loop.py").toString(), "--node", nodes,
          "--token", TOKEN, "--folder", photos.toString(), "--loops", "2"), 120);
      assertThat(example).contains("frame 0 sample3.jpg: ").contains("frame 3 sample6.jpg: ")
          .contains("4 frames in").contains("0 with an error");
      assertThat(example.lines().filter(l -> l.startsWith("frame ")).filter(l -> l.contains(" at ")).count())
          .as("every frame has a located face:\n" + example).isEqualTo(4);
    }
  }

  /** A GENERATOR_TRAINING job small enough for seconds, promoted so that Generate has a generator. */
  private static void trainTinyGenerator(EmotionNode node) throws Exception {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
    try {
      Metadata auth = new Metadata();
      auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + ADMIN);
      var stub = EmotionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.MINUTES)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
      List<JobEvent> events = GrpcTestSupport.drain(stub.train(TrainRequest.newBuilder()
          .setKind(JobKind.GENERATOR_TRAINING)
          .setDataset(DatasetSpec.newBuilder().setSynthfacs(SynthFacsSpec.newBuilder()
              .setSubjects(6).setImagesPerEmotion(1).setDifficulty(0.1f).setSeed(5)))
          .setGenerator(GeneratorConfig.newBuilder().setResolution(8).setBaseWidth(16).setLatentSize(16)
              .setMappingLayers(1).setSteps(4).setBatchSize(8).setQualityImagesPerEmotion(2).setSeed(2))
          .setPromoteWhenDone(true)
          .build()));
      JobEvent last = events.get(events.size() - 1);
      assertThat(last.getState()).as(last.getMessage()).isEqualTo(JobState.SUCCEEDED);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** The first python3 that imports grpc and google.protobuf (with protoc on the PATH). */
  private static String pythonWithGrpc() {
    boolean required = "1".equals(System.getenv("EMOTION_REQUIRE_PYTHON_CLIENT"));
    List<String> candidates = new ArrayList<>();
    if (System.getenv("EMOTION_PYTHON") != null) {
      candidates.add(System.getenv("EMOTION_PYTHON"));
    }
    candidates.add("/usr/bin/python3"); // Debian's, where python3-grpcio installs
    candidates.add("python3");
    String protoc = probe(List.of("protoc", "--version"));
    for (String python : candidates) {
      String version = probe(List.of(python, "-c", "import grpc, google.protobuf; print(grpc.__version__)"));
      if (version != null && protoc != null) {
        System.out.println("Python client test: " + python + " with grpcio " + version.strip() + ", " + protoc.strip());
        return python;
      }
    }
    String why = "the Python client test needs python3 with grpc and google.protobuf, and protoc "
        + "(Debian: apt-get install python3-grpcio python3-protobuf protobuf-compiler); tried " + candidates
        + (protoc == null ? ", protoc not found" : "");
    if (required) {
      throw new AssertionError(why + " (EMOTION_REQUIRE_PYTHON_CLIENT=1: required here)");
    }
    Assumptions.abort(why);
    return null;
  }

  private static String probe(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  private static String run(List<String> command, int seconds) throws Exception {
    Process p = new ProcessBuilder(command).directory(CLIENT.toFile()).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    Thread reader = new Thread(() -> {
      try {
        out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // the process died; its exit status says so
      }
    });
    reader.start();
    boolean ended = p.waitFor(seconds, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    reader.join(5_000);
    System.out.println("$ " + String.join(" ", command) + "\n" + out);
    assertThat(ended).as("%s ended within %d s:\n%s", command.get(command.size() > 1 ? 1 : 0), seconds, out).isTrue();
    assertThat(p.exitValue()).as("exit status of %s:\n%s", command, out).isZero();
    return out.toString();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
