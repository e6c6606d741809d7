package io.emotioncluster.node.grpc;

import static io.emotioncluster.node.grpc.GrpcTestSupport.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.GenerateRequest;
import io.emotioncluster.api.v1.GetVersionRequest;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.ListVersionsRequest;
import io.emotioncluster.api.v1.ListVersionsResponse;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.ModelVersion;
import io.emotioncluster.api.v1.RawImage;
import io.emotioncluster.api.v1.Stage;
import io.emotioncluster.api.v1.StreamFrame;
import io.emotioncluster.api.v1.StreamResult;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.TestNodes;
import io.emotioncluster.node.data.synthfacs.SynthFace;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.image.ImageDecoder;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.image.PngCodec;
import io.emotioncluster.node.image.Preprocessor;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node on a random loopback port, called through a real grpc-java client. */
class EmotionNodeGrpcTest {

  @TempDir
  static Path dataDir;

  static EmotionNode node;
  static ManagedChannel channel;
  static EmotionServiceGrpc.EmotionServiceBlockingStub emotion;
  static ModelAdminGrpc.ModelAdminBlockingStub admin;
  static List<SynthFace> faces;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.startReady(TestNodes.config(dataDir));
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext()
        .maxInboundMessageSize(16 * 1024 * 1024).build();
    emotion = EmotionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    admin = ModelAdminGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    faces = new SynthFacs(SynthFacsConfig.defaults().withSubjects(2).withImagesPerEmotion(1).withSeed(99)).generate();
  }

  @AfterAll
  static void stopNode() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    node.close();
  }

  static Image png(PixelImage img) {
    return Image.newBuilder().setEncoded(ByteString.copyFrom(PngCodec.encode(img))).build();
  }

  static Image raw(PixelImage img) {
    return Image.newBuilder().setRaw(RawImage.newBuilder().setPixels(ByteString.copyFrom(img.pixels()))
        .setWidth(img.width()).setHeight(img.height()).setChannels(img.channels())).build();
  }

  // ---- Classify ---------------------------------------------------------------------------

  @Test
  void classifyAnswersWithScoresVersionNodeAndTimings() {
    ClassifyResponse r = emotion.classify(ClassifyRequest.newBuilder().setImage(png(faces.get(0).image())).build());

    assertThat(r.getPredictionsCount()).isEqualTo(1);
    var p = r.getPredictions(0);
    assertThat(p.getScoresCount()).isEqualTo(7);
    assertThat(p.getScoresList().stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(1.0, within(1e-4));
    assertThat(p.getConfidence()).isEqualTo(p.getScores(p.getEmotion().getNumber() - 1));
    assertThat(p.getScoresList()).allMatch(s -> s <= p.getConfidence());
    assertThat(r.getModelVersion()).isEqualTo("v1");
    assertThat(r.getNodeId()).isEqualTo(node.nodeId());
    assertThat(r.getTiming().getComputeUs()).isPositive();
    assertThat(r.getTiming().getTotalUs()).isGreaterThanOrEqualTo(r.getTiming().getComputeUs());
    assertThat(r.getTiming().getBatchSize()).isPositive();
  }

  /**
   * grpc-core clients (Python, C++) dialled with an address list send the list as :authority;
   * Vert.x used to reset such streams with PROTOCOL_ERROR (the client saw INTERNAL). Unary and
   * streaming calls must both be served, and a well-formed authority afterwards too.
   */
  @Test
  void addressListAsAuthorityIsServed() throws Exception {
    ManagedChannel listed = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext()
        .overrideAuthority("127.0.0.1:1,127.0.0.1:2").build();
    try {
      var stub = EmotionServiceGrpc.newBlockingStub(listed).withDeadlineAfter(30, TimeUnit.SECONDS);
      for (int i = 0; i < 3; i++) { // several streams on one connection: none is reset
        ClassifyResponse r = stub.classify(ClassifyRequest.newBuilder().setImage(png(faces.get(i % faces.size()).image()))
            .build());
        assertThat(r.getPredictionsCount()).isEqualTo(1);
        assertThat(r.getModelVersion()).isEqualTo("v1");
      }
      List<StreamResult> results = new ArrayList<>();
      CountDownLatch done = new CountDownLatch(1);
      StreamObserver<StreamFrame> frames = EmotionServiceGrpc.newStub(listed).classifyStream(new StreamObserver<>() {
        @Override
        public void onNext(StreamResult value) {
          synchronized (results) {
            results.add(value);
          }
        }

        @Override
        public void onError(Throwable t) {
          done.countDown();
        }

        @Override
        public void onCompleted() {
          done.countDown();
        }
      });
      for (int i = 0; i < 2; i++) {
        frames.onNext(StreamFrame.newBuilder().setFrameId(i)
            .setRequest(ClassifyRequest.newBuilder().setImage(png(faces.get(i).image()))).build());
      }
      frames.onCompleted();
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(results).extracting(StreamResult::getFrameId).containsExactly(0L, 1L);
    } finally {
      listed.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    assertThat(emotion.classify(ClassifyRequest.newBuilder().setImage(png(faces.get(0).image())).build())
        .getPredictionsCount()).isEqualTo(1);
  }

  /** Load tests divide the node's CPU time by the requests it answered, both read from ClusterStatus. */
  @Test
  void clusterStatusCountsRequestsAndProcessCpu() {
    var before = admin.clusterStatus(io.emotioncluster.api.v1.ClusterStatusRequest.getDefaultInstance());
    assertThat(before.getNodeId()).isEqualTo(node.nodeId());
    var self = before.getNodes(0);
    for (int i = 0; i < 3; i++) {
      emotion.classify(ClassifyRequest.newBuilder().setImage(png(faces.get(0).image())).build());
    }
    var after = admin.clusterStatus(io.emotioncluster.api.v1.ClusterStatusRequest.getDefaultInstance()).getNodes(0);
    assertThat(after.getClassifyRequests() - self.getClassifyRequests()).isEqualTo(3);
    assertThat(after.getProcessCpuUs()).isGreaterThan(self.getProcessCpuUs());
    assertThat(self.getProcessCpuUs()).isGreaterThan(100_000); // the bootstrap trained a model: far over 0.1 s
  }

  @Test
  void servingScoresEqualTheInProcessModelOnTheSameImage() throws Exception {
    PixelImage img = faces.get(3).image();
    float[] served = toArray(emotion.classify(ClassifyRequest.newBuilder().setImage(png(img)).build())
        .getPredictions(0).getScoresList());
    try (Classifier c = node.registry().loadClassifier("v1", new EngineConfig("MXNet", "cpu"));
        Classifier.Forward f = c.newForward()) {
      float[] direct = f.probabilities(new Preprocessor(c.input()).apply(img), 1)[0];
      for (int i = 0; i < 7; i++) {
        assertThat(served[i]).isCloseTo(direct[i], within(1e-5f));
      }
    }
  }

  @Test
  void encodedRawGrayRawRgbAndRawRgbaGiveTheSameAnswer() {
    PixelImage gray = faces.get(5).image();
    byte[] rgb = new byte[gray.pixels().length * 3];
    byte[] rgba = new byte[gray.pixels().length * 4];
    for (int i = 0; i < gray.pixels().length; i++) {
      for (int c = 0; c < 3; c++) {
        rgb[3 * i + c] = gray.pixels()[i];
        rgba[4 * i + c] = gray.pixels()[i];
      }
      rgba[4 * i + 3] = (byte) 255;
    }
    List<Image> forms = List.of(png(gray), raw(gray), raw(new PixelImage(gray.width(), gray.height(), 3, rgb)),
        Image.newBuilder().setRaw(RawImage.newBuilder().setPixels(ByteString.copyFrom(rgba))
            .setWidth(gray.width()).setHeight(gray.height()).setChannels(4)).build());
    List<Float> first = null;
    for (Image form : forms) {
      List<Float> scores = emotion.classify(ClassifyRequest.newBuilder().setImage(form).build())
          .getPredictions(0).getScoresList();
      if (first == null) {
        first = scores;
      }
      for (int i = 0; i < 7; i++) {
        assertThat(scores.get(i)).isCloseTo(first.get(i), within(1e-5f));
      }
    }
  }

  @Test
  void largeCameraFrameWithinLimitsIsAccepted() {
    byte[] frame = new byte[1024 * 768 * 3];
    new java.util.Random(1).nextBytes(frame);
    var r = emotion.classify(ClassifyRequest.newBuilder().setImage(Image.newBuilder().setRaw(RawImage.newBuilder()
        .setPixels(ByteString.copyFrom(frame)).setWidth(1024).setHeight(768).setChannels(3))).build());
    assertThat(r.getPredictions(0).getScoresCount()).isEqualTo(7);
  }

  // ---- errors -----------------------------------------------------------------------------

  static StatusRuntimeException error(ClassifyRequest request) {
    try {
      emotion.classify(request);
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("expected an error");
  }

  @Test
  void missingEmptyAndUndecodableImagesAreInvalidArgument() {
    var none = error(ClassifyRequest.getDefaultInstance());
    assertThat(none.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(none.getStatus().getDescription()).contains("no image");

    var empty = error(ClassifyRequest.newBuilder().setImage(Image.newBuilder().setEncoded(ByteString.EMPTY)).build());
    assertThat(empty.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(empty.getStatus().getDescription()).contains("empty");

    var garbage = error(ClassifyRequest.newBuilder().setImage(Image.newBuilder()
        .setEncoded(ByteString.copyFromUtf8("definitely not a jpeg"))).build());
    assertThat(garbage.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(garbage.getStatus().getDescription()).contains("not a PNG, JPEG, BMP or GIF");
  }

  @Test
  void wrongRawLengthAndOversizedImagesNameTheLimit() {
    var wrongLength = error(ClassifyRequest.newBuilder().setImage(Image.newBuilder().setRaw(RawImage.newBuilder()
        .setPixels(ByteString.copyFrom(new byte[100])).setWidth(48).setHeight(48).setChannels(1))).build());
    assertThat(wrongLength.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(wrongLength.getStatus().getDescription()).contains("needs exactly 2304 bytes, got 100");

    var tooWide = error(ClassifyRequest.newBuilder().setImage(Image.newBuilder().setRaw(RawImage.newBuilder()
        .setPixels(ByteString.copyFrom(new byte[2000])).setWidth(2000).setHeight(1).setChannels(1))).build());
    assertThat(tooWide.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(tooWide.getStatus().getDescription()).contains("1024 px per side");

    byte[] big = new byte[3 * 1024 * 1024];
    var tooManyBytes = error(ClassifyRequest.newBuilder().setImage(Image.newBuilder()
        .setEncoded(ByteString.copyFrom(big))).build());
    assertThat(tooManyBytes.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(tooManyBytes.getStatus().getDescription()).contains("limit is 2097152 bytes");
  }

  @Test
  void messageOverTheGrpcLimitIsRefusedWithoutHanging() {
    byte[] huge = new byte[5 * 1024 * 1024]; // node allows 4 MiB messages in this test
    Status.Code code = codeOf(() -> emotion.withDeadlineAfter(20, TimeUnit.SECONDS).classify(
        ClassifyRequest.newBuilder().setImage(Image.newBuilder().setEncoded(ByteString.copyFrom(huge))).build()));
    assertThat(code).isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.INVALID_ARGUMENT);
    // and the node still answers afterwards
    assertThat(emotion.classify(ClassifyRequest.newBuilder().setImage(png(faces.get(0).image())).build())
        .getPredictionsCount()).isEqualTo(1);
  }

  @Test
  void unknownVersionIsNotFound() {
    var e = error(ClassifyRequest.newBuilder().setImage(png(faces.get(0).image())).setModelVersion("v999").build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.getStatus().getDescription()).contains("v999").contains("ListVersions");
  }

  @Test
  void namedVersionIsServed() {
    var r = emotion.classify(ClassifyRequest.newBuilder().setImage(png(faces.get(0).image())).setModelVersion("v1").build());
    assertThat(r.getModelVersion()).isEqualTo("v1");
  }

  @Test
  void laterCapabilitiesAnswerUnimplementedWithAReason() {
    var gen = emotion.generate(GenerateRequest.newBuilder().setCount(1).build());
    StatusRuntimeException e = null;
    try {
      gen.hasNext();
    } catch (StatusRuntimeException ex) {
      e = ex;
    }
    assertThat(e).isNotNull();
    // Generate works now; this node has no generator yet, and says how to get one
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription()).contains("no production generator");

    // standalone: ClusterStatus lists this node alone, with no cluster name
    var cluster = admin.clusterStatus(io.emotioncluster.api.v1.ClusterStatusRequest.getDefaultInstance());
    assertThat(cluster.getClusterName()).isEmpty();
    assertThat(cluster.getNodesList()).singleElement().satisfies(n -> {
      assertThat(n.getGrpcAddress()).isEqualTo("127.0.0.1:" + node.port());
      assertThat(n.getClusterAddress()).isEmpty();
      assertThat(n.getReady()).isTrue();
      assertThat(n.getHealth()).isEqualTo("SERVING");
      assertThat(n.getLoadedVersionsList()).isNotEmpty();
    });
    // detect_faces is served now (see FaceDetectionGrpcTest): a synthetic face need not be
    // detected, but the call succeeds and every prediction carries its box
    assertThat(emotion.classify(ClassifyRequest.newBuilder().setImage(png(faces.get(0).image()))
        .setDetectFaces(true).build()).getPredictionsList()).allMatch(p -> p.hasFace());
  }

  // ---- stream -----------------------------------------------------------------------------

  @Test
  void streamAnswersEveryFrameInOrderAndIsolatesBadFrames() throws Exception {
    int frames = 60;
    List<StreamResult> results = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    Throwable[] failure = new Throwable[1];
    StreamObserver<StreamFrame> requests = EmotionServiceGrpc.newStub(channel).classifyStream(new StreamObserver<>() {
      @Override
      public void onNext(StreamResult value) {
        synchronized (results) {
          results.add(value);
        }
      }

      @Override
      public void onError(Throwable t) {
        failure[0] = t;
        done.countDown();
      }

      @Override
      public void onCompleted() {
        done.countDown();
      }
    });
    for (int i = 0; i < frames; i++) {
      Image image = i == 17 ? Image.newBuilder().setEncoded(ByteString.copyFromUtf8("broken")).build()
          : png(faces.get(i % faces.size()).image());
      requests.onNext(StreamFrame.newBuilder().setFrameId(1000 + i)
          .setRequest(ClassifyRequest.newBuilder().setImage(image)).build());
    }
    requests.onCompleted();
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(failure[0]).isNull();
    assertThat(results).hasSize(frames);
    for (int i = 0; i < frames; i++) {
      StreamResult r = results.get(i);
      assertThat(r.getFrameId()).isEqualTo(1000 + i);
      if (i == 17) {
        assertThat(r.hasError()).isTrue();
        assertThat(r.getError().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
      } else {
        assertThat(r.getResponse().getPredictions(0).getScoresCount()).isEqualTo(7);
      }
    }
  }

  // ---- admin, health, reflection ----------------------------------------------------------

  @Test
  void versionsListAndShowTheBootstrapModel() {
    ListVersionsResponse list = admin.listVersions(ListVersionsRequest.getDefaultInstance());
    assertThat(list.getProductionClassifier()).isEqualTo("v1");
    assertThat(list.getVersionsList()).extracting(ModelVersion::getId).containsExactly("v1");

    ModelVersion v = admin.getVersion(GetVersionRequest.newBuilder().setVersionId("v1").build());
    assertThat(v.getStage()).isEqualTo(Stage.PRODUCTION);
    assertThat(v.getArchitecture()).isEqualTo("vgg-mini");
    assertThat(v.getInput().getWidth()).isEqualTo(48);
    assertThat(v.getClassOrderCount()).isEqualTo(7);
    assertThat(v.getSha256()).hasSize(64);
    assertThat(v.getMetrics().getConfusionMatrixCount()).isEqualTo(49);
    assertThat(v.getMetrics().getTestImages()).isPositive();
    assertThat(v.getSource()).isEqualTo("bootstrap");

    assertThat(codeOf(() -> admin.getVersion(GetVersionRequest.newBuilder().setVersionId("v404").build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(codeOf(() -> admin.getVersion(GetVersionRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void healthServiceReportsServing() {
    var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    assertThat(health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(health.check(HealthCheckRequest.newBuilder().setService("emotion.v1.EmotionService").build())
        .getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void reflectionListsBothServices() throws Exception {
    List<String> services = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    var requests = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(new StreamObserver<>() {
      @Override
      public void onNext(ServerReflectionResponse value) {
        value.getListServicesResponse().getServiceList().forEach(s -> services.add(s.getName()));
        done.countDown();
      }

      @Override
      public void onError(Throwable t) {
        done.countDown();
      }

      @Override
      public void onCompleted() {}
    });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    requests.onCompleted();
    assertThat(services).contains("emotion.v1.EmotionService", "emotion.v1.ModelAdmin");
  }

  private static float[] toArray(List<Float> l) {
    float[] a = new float[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }
}
