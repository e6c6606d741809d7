package io.emotioncluster.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.emotioncluster.admin.Commands;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.Session;
import io.emotioncluster.api.v1.ClusterStatusRequest;
import io.emotioncluster.api.v1.ClusterStatusResponse;
import io.emotioncluster.api.v1.Emotion;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.GenerateRequest;
import io.emotioncluster.api.v1.GeneratedImage;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.NodeStatus;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate and status against a stand-in for a later node release that implements Generate and
 * ClusterStatus (today's node answers UNIMPLEMENTED, covered by the shell test): what the
 * commands do with real answers.
 */
class FutureNodeTest {

  static Server server;
  static String target;

  @TempDir
  static Path dir;

  static final class Emotions extends EmotionServiceGrpc.EmotionServiceImplBase {
    @Override
    public void generate(GenerateRequest request, StreamObserver<GeneratedImage> out) {
      List<Emotion> emotions = request.getEmotion() == Emotion.EMOTION_UNSPECIFIED
          ? List.of(Emotion.ANGER, Emotion.HAPPINESS) : List.of(request.getEmotion());
      int index = 0;
      for (Emotion e : emotions) {
        for (int i = 0; i < request.getCount(); i++) {
          out.onNext(GeneratedImage.newBuilder().setEmotion(e).setPng(png(index * 20)).setSeed(request.getSeed() + index)
              .setIndex(index++).setGeneratorVersion("g1").build());
        }
      }
      out.onCompleted();
    }
  }

  static final class Admin extends ModelAdminGrpc.ModelAdminImplBase {
    @Override
    public void clusterStatus(ClusterStatusRequest request, StreamObserver<ClusterStatusResponse> out) {
      out.onNext(ClusterStatusResponse.newBuilder().setClusterName("lab")
          .addNodes(NodeStatus.newBuilder().setNodeId("n1").setGrpcAddress("10.0.0.1:50051").setReady(true)
              .setHealth("SERVING").setEngine("MXNet").setDevice("cpu()").addLoadedVersions("v3").setQueueDepth(2)
              .setLatencyP50Us(4200).setLatencyP99Us(15000).setUptimeS(3720).setSoftwareVersion("0.2.0"))
          .addNodes(NodeStatus.newBuilder().setNodeId("n2").setGrpcAddress("10.0.0.2:50051").setReady(false)
              .setHealth("STARTING"))
          .build());
      out.onCompleted();
    }
  }

  static ByteString png(int gray) {
    try {
      BufferedImage img = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
      img.getRaster().setSample(10, 10, 0, gray);
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      ImageIO.write(img, "png", b);
      return ByteString.copyFrom(b.toByteArray());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(new Emotions()).addService(new Admin()).addService(new HealthStatusManager().getHealthService())
        .build().start();
    target = "127.0.0.1:" + server.getPort();
  }

  @AfterAll
  static void stop() {
    server.shutdownNow();
  }

  record Run(int code, String out, String err) { }

  static Run run(boolean terminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (Session s = Session.builder().out(new PrintWriter(out, true)).err(new PrintWriter(err, true)).env(Map.of())
        .terminal(terminal).defaults(new Session.Defaults(List.of(target), 10, null, false)).build()) {
      return new Run(Commands.execute(s, args), out.toString(), err.toString());
    }
  }

  @Test
  void generateWritesEveryImageAndOneContactSheet() throws Exception {
    Path folder = dir.resolve("faces");
    Run r = run(true, "generate", "--count", "3", "--seed", "7", "--out", folder.toString(), "--no-color");
    assertThat(r.code()).as(r.err()).isZero();
    try (var files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("anger-000-seed7.png",
          "anger-001-seed8.png", "anger-002-seed9.png", "contact-sheet.png", "happiness-003-seed10.png",
          "happiness-004-seed11.png", "happiness-005-seed12.png");
    }
    BufferedImage sheet = ImageIO.read(folder.resolve("contact-sheet.png").toFile());
    assertThat(sheet.getHeight()).isGreaterThan(2 * 96).isLessThan(3 * 96); // two rows: anger, happiness
    assertThat(r.out()).contains("6 images in " + folder).contains("contact sheet: " + folder.resolve("contact-sheet.png"));
  }

  @Test
  void statusShowsEveryNode() {
    Run table = run(true, "status", "--no-color");
    assertThat(table.code()).isZero();
    assertThat(table.out()).startsWith("cluster lab: 2 nodes, 1 ready")
        .containsPattern("n1 +10\\.0\\.0\\.1:50051 +yes +SERVING +MXNet +cpu\\(\\) +v3 +2 +4\\.2 +15\\.0 +0 +1h02m +0\\.2\\.0")
        .containsPattern("n2 +10\\.0\\.0\\.2:50051 +no +STARTING");
    Run json = run(false, "nodes");
    assertThat(json.out()).contains("\"clusterName\": \"lab\"").contains("\"grpcAddress\": \"10.0.0.2:50051\"");
    assertThat(ExitCodes.OK).isEqualTo(json.code());
  }
}
