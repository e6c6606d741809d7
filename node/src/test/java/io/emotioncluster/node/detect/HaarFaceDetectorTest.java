package io.emotioncluster.node.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.node.image.ImageDecoder;
import io.emotioncluster.node.image.ImageLimits;
import io.emotioncluster.node.image.PixelImage;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faces are found where a person sees them in real photos (positions checked by eye on the
 * photos with the boxes drawn), none on blank images.
 */
class HaarFaceDetectorTest {

  private static HaarFaceDetector detector;

  @BeforeAll
  static void load() {
    detector = new HaarFaceDetector();
  }

  static PixelImage photo(String name) throws Exception {
    try (InputStream in = HaarFaceDetectorTest.class.getResourceAsStream("/faceapi/photos/" + name)) {
      return new ImageDecoder(ImageLimits.DEFAULT).decode(in.readAllBytes());
    }
  }

  /** Every face centre a person marked lies inside exactly one box, and there are no others. */
  private static void assertFacesAt(List<FaceBox> boxes, int[][] centres) {
    assertThat(boxes).hasSize(centres.length);
    for (int[] c : centres) {
      assertThat(boxes.stream().filter(b -> b.x() <= c[0] && c[0] < b.x() + b.width()
          && b.y() <= c[1] && c[1] < b.y() + b.height()).count())
          .as("boxes around the face at (%d,%d): %s", c[0], c[1], boxes).isEqualTo(1);
    }
    for (int i = 1; i < boxes.size(); i++) {
      assertThat(boxes.get(i).area()).isLessThanOrEqualTo(boxes.get(i - 1).area());
    }
  }

  @Test
  void findsThreeSmilingFaces() throws Exception {
    PixelImage img = photo("sample3.jpg");
    assertThat(img.width()).isEqualTo(640);
    List<FaceBox> boxes = detector.boxes(img);
    // middle woman (largest), right woman, left woman
    assertFacesAt(boxes, new int[][] {{387, 121}, {535, 145}, {225, 153}});
    assertThat(boxes.get(0).x()).isBetween(320, 360);
    assertThat(boxes.get(0).width()).isBetween(70, 120);
  }

  @Test
  void findsFourFacesSideBySide() throws Exception {
    List<FaceBox> boxes = detector.boxes(photo("sample6.jpg"));
    // right (largest), far left, second left, second right
    assertFacesAt(boxes, new int[][] {{527, 138}, {125, 212}, {250, 160}, {424, 151}});
    assertThat(boxes.get(0).x()).isGreaterThan(450);
  }

  @Test
  void boxesAreInTheCoordinatesOfLargeImages() throws Exception {
    // a 2x upscale is detected at 640 px and the boxes come back in the big image's pixels
    PixelImage small = photo("sample3.jpg");
    PixelImage big = upscale2(small);
    List<FaceBox> boxes = detector.boxes(big);
    assertFacesAt(boxes, new int[][] {{387 * 2, 121 * 2}, {535 * 2, 145 * 2}, {225 * 2, 153 * 2}});
  }

  @Test
  void noFaceOnBlankImages() {
    byte[] gray = new byte[640 * 480];
    Arrays.fill(gray, (byte) 128);
    assertThat(detector.boxes(new PixelImage(640, 480, 1, gray))).isEmpty();
    assertThat(detector.boxes(new PixelImage(320, 240, 3, new byte[320 * 240 * 3]))).isEmpty();
    assertThat(detector.boxes(new PixelImage(8, 8, 3, new byte[8 * 8 * 3]))).isEmpty();
  }

  @Test
  void safeFromSeveralThreads() throws Exception {
    PixelImage img = photo("sample6.jpg");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<FaceBox>>> runs = java.util.stream.IntStream.range(0, 4)
          .mapToObj(i -> pool.submit(() -> detector.boxes(img))).toList();
      List<FaceBox> first = runs.get(0).get();
      for (Future<List<FaceBox>> f : runs) {
        assertThat(f.get()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void detectionTimePerVgaFrame() throws Exception {
    PixelImage img = photo("sample6.jpg");
    // a 640x480 frame out of the photo
    byte[] px = Arrays.copyOf(img.pixels(), 640 * 480 * 3);
    PixelImage frame = new PixelImage(640, 480, 3, px);
    detector.boxes(frame);
    int n = 10;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      detector.boxes(frame);
    }
    double ms = (System.nanoTime() - t0) / 1e6 / n;
    System.out.printf("face detection: %.1f ms per 640x480 frame (one thread)%n", ms);
    assertThat(ms).isLessThan(2000);
  }

  private static PixelImage upscale2(PixelImage s) {
    int w = s.width() * 2;
    int h = s.height() * 2;
    int c = s.channels();
    byte[] out = new byte[w * h * c];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(s.pixels(), ((y / 2) * s.width() + x / 2) * c, out, (y * w + x) * c, c);
      }
    }
    return new PixelImage(w, h, c, out);
  }
}
