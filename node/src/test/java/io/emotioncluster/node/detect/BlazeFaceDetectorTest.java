package io.emotioncluster.node.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.node.image.PixelImage;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BlazeFace (full range, the default) on real photos: faces where a person sees them, landmarks
 * in MediaPipe's order, boxes mapped back through the letterbox, tilt measured from the eyes, and
 * nothing on blank or degenerate frames.
 */
class BlazeFaceDetectorTest {

  private static BlazeFaceDetector detector;

  @BeforeAll
  static void load() {
    detector = new BlazeFaceDetector(BlazeFaceDetector.Variant.FULL_RANGE);
  }

  private static boolean inside(FaceBox b, double x, double y) {
    return b.x() <= x && x < b.x() + b.width() && b.y() <= y && y < b.y() + b.height();
  }

  @Test
  void findsTheThreeFacesWithLandmarksInOrder() throws Exception {
    List<DetectedFace> faces = detector.detect(TestImages.face("faceapi-sample3.jpg"));
    assertThat(faces).hasSize(3);
    // largest first: the middle woman, centre near (387, 121)
    assertThat(inside(faces.get(0).box(), 387, 121)).isTrue();
    for (DetectedFace f : faces) {
      assertThat(f.score()).isBetween(0.5f, 1f);
      assertThat(f.keypoints()).hasSize(6);
      DetectedFace.Keypoint right = f.keypoint(DetectedFace.Kind.RIGHT_EYE);
      DetectedFace.Keypoint left = f.keypoint(DetectedFace.Kind.LEFT_EYE);
      DetectedFace.Keypoint mouth = f.keypoint(DetectedFace.Kind.MOUTH);
      // the person's right eye is on the image's left; the mouth is below both eyes
      assertThat(right.x()).isLessThan(left.x());
      assertThat(mouth.y()).isGreaterThan(Math.max(right.y(), left.y()));
      assertThat(inside(f.box(), right.x(), right.y())).isTrue();
      assertThat(inside(f.box(), mouth.x(), mouth.y())).isTrue();
    }
  }

  @Test
  void tiltIsMeasuredFromTheEyes() throws Exception {
    PixelImage astronaut = TestImages.face("skimage-astronaut.jpg");
    double upright = Math.toDegrees(FaceAligner.roll(detector.detect(astronaut).get(0)));
    PixelImage turned = TestImages.rotate(astronaut, 30);
    List<DetectedFace> faces = detector.detect(turned);
    assertThat(faces).hasSize(1);
    double tilted = Math.toDegrees(FaceAligner.roll(faces.get(0)));
    System.out.printf("astronaut roll: %.1f deg upright, %.1f deg rotated by 30%n", upright, tilted);
    assertThat(tilted - upright).isBetween(22.0, 38.0);
    // the box follows the face to where the rotation took it
    double[] c = TestImages.rotatePoint(176 + 50, 68 + 50, 512, 512, 30);
    assertThat(inside(faces.get(0).box(), c[0], c[1])).isTrue();
  }

  @Test
  void boxesMapBackThroughTheLetterbox() throws Exception {
    // a tall frame: the photo on top of black, so the letterbox pads left and right instead
    PixelImage photo = TestImages.face("faceapi-sample3.jpg");
    int h = 900;
    byte[] px = Arrays.copyOf(photo.pixels(), photo.width() * h * 3);
    List<DetectedFace> faces = detector.detect(new PixelImage(photo.width(), h, 3, px));
    assertThat(faces).hasSizeGreaterThanOrEqualTo(2);
    assertThat(inside(faces.get(0).box(), 387, 121)).isTrue();
  }

  @Test
  void noFaceOnBlankOrDegenerateFrames() {
    byte[] gray = new byte[640 * 480];
    Arrays.fill(gray, (byte) 128);
    assertThat(detector.detect(new PixelImage(640, 480, 1, gray))).isEmpty();
    assertThat(detector.detect(new PixelImage(640, 480, 3, new byte[640 * 480 * 3]))).isEmpty();
    assertThat(detector.detect(new PixelImage(1, 10_000, 3, new byte[10_000 * 3]))).isEmpty();
    assertThat(detector.detect(new PixelImage(10_000, 1, 1, new byte[10_000]))).isEmpty();
    assertThat(detector.detect(new PixelImage(1, 1, 3, new byte[3]))).isEmpty();
  }

  @Test
  void grayFramesWork() throws Exception {
    PixelImage rgb = TestImages.face("faceapi-sample3.jpg");
    byte[] g = new byte[rgb.width() * rgb.height()];
    for (int i = 0; i < g.length; i++) {
      g[i] = rgb.pixels()[3 * i + 1];
    }
    assertThat(detector.detect(new PixelImage(rgb.width(), rgb.height(), 1, g))).hasSize(3);
  }

  @Test
  void safeFromSeveralThreads() throws Exception {
    PixelImage img = TestImages.face("faceapi-sample6.jpg");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<DetectedFace>>> runs = java.util.stream.IntStream.range(0, 4)
          .mapToObj(i -> pool.submit(() -> detector.detect(img))).toList();
      List<FaceBox> first = runs.get(0).get().stream().map(DetectedFace::box).toList();
      assertThat(first).hasSize(4);
      for (Future<List<DetectedFace>> f : runs) {
        assertThat(f.get().stream().map(DetectedFace::box).toList()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void detectorsAreChosenByName() {
    assertThat(FaceDetector.requireKnown("")).isEqualTo(BlazeFaceDetector.FULL_RANGE_NAME);
    assertThat(FaceDetector.requireKnown("BlazeFace")).isEqualTo(BlazeFaceDetector.FULL_RANGE_NAME);
    assertThat(FaceDetector.requireKnown("haar")).isEqualTo(HaarFaceDetector.NAME);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FaceDetector.requireKnown("yolo"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blazeface-short");
  }
}
