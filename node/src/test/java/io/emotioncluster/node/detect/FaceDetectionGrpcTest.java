package io.emotioncluster.node.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.emotioncluster.api.v1.BoundingBox;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.FaceKeypoint;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.ListVersionsRequest;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.Prediction;
import io.emotioncluster.api.v1.RawImage;
import io.emotioncluster.api.v1.StreamFrame;
import io.emotioncluster.api.v1.StreamResult;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.TestNodes;
import io.emotioncluster.node.image.PixelImage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * detect_faces over gRPC on a node with the SynthFACS bootstrap as production and the imported
 * face-api model as a candidate: faces of a real photo go to the face-api model when no version
 * is named, each with box, landmarks and detection score; bad frames get a clear status or no
 * face; in ClassifyStream, faces that move and cross keep their track ids.
 */
class FaceDetectionGrpcTest {

  @TempDir
  static Path dir;
  private static EmotionNode node;
  private static ManagedChannel channel;
  private static String importedId;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.startReady(TestNodes.config(dir).withFaceApiImport(true));
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
    importedId = admin().listVersions(ListVersionsRequest.getDefaultInstance()).getVersionsList()
        .stream().filter(v -> v.getSource().equals("imported")).findFirst().orElseThrow().getId();
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    node.close();
  }

  private static EmotionServiceGrpc.EmotionServiceBlockingStub emotion() {
    return EmotionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
  }

  private static ModelAdminGrpc.ModelAdminBlockingStub admin() {
    return ModelAdminGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
  }

  static Image photo(String name) throws Exception {
    return Image.newBuilder().setEncoded(ByteString.copyFrom(TestImages.bytes("/faceapi/photos/" + name))).build();
  }

  static Image raw(PixelImage img) {
    return Image.newBuilder().setRaw(RawImage.newBuilder().setWidth(img.width()).setHeight(img.height())
        .setChannels(img.channels()).setPixels(ByteString.copyFrom(img.pixels()))).build();
  }

  @Test
  void realFacesGoToTheFaceModelWithBoxesLandmarksAndScores() throws Exception {
    String production = admin().listVersions(ListVersionsRequest.getDefaultInstance()).getVersionsList().stream()
        .filter(v -> v.getStage() == io.emotioncluster.api.v1.Stage.PRODUCTION).findFirst().orElseThrow().getId();
    assertThat(production).isNotEqualTo(importedId); // the SynthFACS bootstrap is production

    ClassifyResponse r = emotion().classify(ClassifyRequest.newBuilder().setImage(photo("sample3.jpg"))
        .setDetectFaces(true).build());
    System.out.println("detect_faces on sample3: " + r);
    assertThat(r.getModelVersion()).as("no version named: the face model answers").isEqualTo(importedId);
    assertThat(r.getPredictionsCount()).isEqualTo(3);
    Prediction largest = r.getPredictions(0);
    assertThat(largest.getEmotion()).isEqualTo(io.emotioncluster.api.v1.Emotion.HAPPINESS);
    BoundingBox box = largest.getFace();
    // the middle woman's face, centre near (387, 121) in the 640x450 photo
    assertThat(box.getX()).isBetween(320, 370);
    assertThat(box.getX() + box.getWidth()).isBetween(400, 460);
    assertThat(box.getY()).isBetween(50, 100);
    for (int i = 0; i < r.getPredictionsCount(); i++) {
      Prediction p = r.getPredictions(i);
      assertThat(p.getScoresCount()).isEqualTo(7);
      assertThat(p.getDetectionScore()).isBetween(0.5f, 1f);
      assertThat(p.getKeypointsCount()).isEqualTo(6);
      assertThat(p.getKeypoints(0).getKind()).isEqualTo(FaceKeypoint.Kind.RIGHT_EYE);
      assertThat(p.getKeypoints(0).getX()).isLessThan(p.getKeypoints(1).getX());
      assertThat(p.getTrackId()).isZero(); // Classify does not track
      if (i > 0) {
        BoundingBox b = p.getFace();
        BoundingBox prev = r.getPredictions(i - 1).getFace();
        assertThat((long) b.getWidth() * b.getHeight()).isLessThanOrEqualTo((long) prev.getWidth() * prev.getHeight());
      }
    }
    assertThat(r.getTiming().getDetectUs()).isPositive();
    assertThat(r.getTiming().getImageDecodeUs()).isPositive();
    assertThat(r.getTiming().getImageDecodeUs() + r.getTiming().getDetectUs() + r.getTiming().getAlignUs())
        .isLessThanOrEqualTo(r.getTiming().getDecodeUs());

    // a version named explicitly still wins
    ClassifyResponse named = emotion().classify(ClassifyRequest.newBuilder().setImage(photo("sample3.jpg"))
        .setDetectFaces(true).setModelVersion(production).build());
    assertThat(named.getModelVersion()).isEqualTo(production);
    assertThat(named.getPredictionsCount()).isEqualTo(3);

    // without detect_faces: one prediction for the whole image, no box, production as before
    ClassifyResponse whole = emotion().classify(ClassifyRequest.newBuilder().setImage(photo("sample3.jpg")).build());
    assertThat(whole.getPredictionsCount()).isEqualTo(1);
    assertThat(whole.getPredictions(0).hasFace()).isFalse();
    assertThat(whole.getModelVersion()).isEqualTo(production);
  }

  @Test
  void badFramesGetAClearStatusOrNoFace() {
    // all black, 1 px wide, 1 px high: no face, no error
    for (int[] wh : new int[][] {{640, 480}, {1, 1000}, {1000, 1}, {1, 1}}) {
      PixelImage black = new PixelImage(wh[0], wh[1], 3, new byte[wh[0] * wh[1] * 3]);
      ClassifyResponse r = emotion().classify(ClassifyRequest.newBuilder().setImage(raw(black)).setDetectFaces(true).build());
      assertThat(r.getPredictionsList()).as("%dx%d black", wh[0], wh[1]).isEmpty();
    }
    // 0x0 and beyond the node's limits: INVALID_ARGUMENT naming the problem
    assertThatThrownBy(() -> emotion().classify(ClassifyRequest.newBuilder().setDetectFaces(true)
        .setImage(Image.newBuilder().setRaw(RawImage.newBuilder().setChannels(3))).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("width and height must be at least 1");
        });
    assertThatThrownBy(() -> emotion().classify(ClassifyRequest.newBuilder().setDetectFaces(true)
        .setImage(raw(new PixelImage(1, 10_000, 1, new byte[10_000]))).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("1x10000").contains("limit");
        });
    assertThatThrownBy(() -> emotion().classify(ClassifyRequest.newBuilder().setDetectFaces(true)
        .setImage(Image.newBuilder().setEncoded(ByteString.copyFromUtf8("not a picture"))).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  /**
   * Two real faces (cut from a photo) glide across a grey 640x480 frame in opposite directions,
   * one slightly lower, so that they meet and overlap mid-way; 16 frames. Each face must keep one
   * track id, the two ids must differ, and smoothed scores must come back.
   */
  @Test
  void facesThatMoveAndCrossKeepTheirTrackIds() throws Exception {
    PixelImage photo = TestImages.face("faceapi-sample6.jpg");
    PixelImage a = cut(photo, 366, 93, 120);  // third woman from the left
    PixelImage b = cut(photo, 60, 150, 120);  // first woman
    int frames = 16;
    double[][] truthA = new double[frames][];
    double[][] truthB = new double[frames][];
    List<StreamFrame> sent = new ArrayList<>();
    for (int f = 0; f < frames; f++) {
      int ax = 20 + 30 * f;
      int bx = 500 - 30 * f;
      int ay = 120;
      int by = 180;
      byte[] px = new byte[640 * 480 * 3];
      Arrays.fill(px, (byte) 110);
      PixelImage frame = new PixelImage(640, 480, 3, px);
      paste(frame, b, bx, by);
      paste(frame, a, ax, ay); // A passes in front of B
      truthA[f] = new double[] {ax + 60, ay + 60};
      truthB[f] = new double[] {bx + 60, by + 60};
      sent.add(StreamFrame.newBuilder().setFrameId(f).setSmoothingHalfLifeFrames(3).setRequest(
          ClassifyRequest.newBuilder().setImage(raw(frame)).setDetectFaces(true)).build());
    }
    List<StreamResult> results = stream(sent);
    assertThat(results).hasSize(frames);
    Map<String, Set<Long>> ids = new HashMap<>(Map.of("A", new HashSet<>(), "B", new HashSet<>()));
    int seenA = 0;
    int seenB = 0;
    for (StreamResult r : results) {
      int f = (int) r.getFrameId();
      assertThat(r.hasResponse()).as("frame %d: %s", f, r).isTrue();
      for (Prediction p : r.getResponse().getPredictionsList()) {
        double cx = p.getFace().getX() + p.getFace().getWidth() / 2.0;
        double cy = p.getFace().getY() + p.getFace().getHeight() / 2.0;
        double da = Math.hypot(cx - truthA[f][0], cy - truthA[f][1]);
        double db = Math.hypot(cx - truthB[f][0], cy - truthB[f][1]);
        assertThat(Math.min(da, db)).as("frame %d: a face where none was pasted: %s", f, p.getFace()).isLessThan(40);
        assertThat(p.getTrackId()).isPositive();
        assertThat(p.getSmoothedScoresCount()).isEqualTo(7);
        if (da < db) {
          ids.get("A").add(p.getTrackId());
          seenA++;
        } else {
          ids.get("B").add(p.getTrackId());
          seenB++;
        }
      }
    }
    System.out.printf("crossing faces: A seen in %d of %d frames with ids %s, B in %d with ids %s%n",
        seenA, frames, ids.get("A"), seenB, ids.get("B"));
    assertThat(seenA).isGreaterThanOrEqualTo(frames - 2);
    assertThat(seenB).isGreaterThanOrEqualTo(frames - 4); // B is partly hidden while A passes
    assertThat(ids.get("A")).hasSize(1);
    assertThat(ids.get("B")).hasSize(1);
    assertThat(ids.get("A")).doesNotContainAnyElementsOf(ids.get("B"));
  }

  private static PixelImage cut(PixelImage s, int x0, int y0, int side) {
    byte[] out = new byte[side * side * 3];
    for (int y = 0; y < side; y++) {
      System.arraycopy(s.pixels(), ((y0 + y) * s.width() + x0) * 3, out, y * side * 3, side * 3);
    }
    return new PixelImage(side, side, 3, out);
  }

  private static void paste(PixelImage into, PixelImage what, int x0, int y0) {
    for (int y = 0; y < what.height(); y++) {
      System.arraycopy(what.pixels(), y * what.width() * 3, into.pixels(), ((y0 + y) * into.width() + x0) * 3,
          what.width() * 3);
    }
  }

  private static List<StreamResult> stream(List<StreamFrame> frames) throws Exception {
    List<StreamResult> results = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    Throwable[] failed = new Throwable[1];
    StreamObserver<StreamFrame> out = EmotionServiceGrpc.newStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS)
        .classifyStream(new StreamObserver<>() {
          @Override
          public void onNext(StreamResult value) {
            synchronized (results) {
              results.add(value);
            }
          }

          @Override
          public void onError(Throwable t) {
            failed[0] = t;
            done.countDown();
          }

          @Override
          public void onCompleted() {
            done.countDown();
          }
        });
    for (StreamFrame f : frames) {
      out.onNext(f);
    }
    out.onCompleted();
    assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
    assertThat(failed[0]).isNull();
    synchronized (results) {
      return new ArrayList<>(results);
    }
  }
}
