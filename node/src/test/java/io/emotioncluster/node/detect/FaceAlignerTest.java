package io.emotioncluster.node.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.node.image.PixelImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alignment levels the eyes: two dots on a tilted line come out on one row of the crop. */
class FaceAlignerTest {

  /** A gray 200x200 image with two white 5x5 dots (the eyes) at the given centres. */
  private static PixelImage eyes(int rx, int ry, int lx, int ly) {
    byte[] px = new byte[200 * 200];
    for (int[] e : new int[][] {{rx, ry}, {lx, ly}}) {
      for (int y = e[1] - 2; y <= e[1] + 2; y++) {
        for (int x = e[0] - 2; x <= e[0] + 2; x++) {
          px[y * 200 + x] = (byte) 255;
        }
      }
    }
    return new PixelImage(200, 200, 1, px);
  }

  private static DetectedFace face(FaceBox box, int rx, int ry, int lx, int ly) {
    return new DetectedFace(box, 0.9f, List.of(
        new DetectedFace.Keypoint(DetectedFace.Kind.RIGHT_EYE, rx, ry),
        new DetectedFace.Keypoint(DetectedFace.Kind.LEFT_EYE, lx, ly)));
  }

  /** Centre of the bright pixels in the left and right half of the crop: {lx, ly, rx, ry}. */
  private static double[] dotCentres(PixelImage img) {
    double[] sum = new double[6];
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) {
        int v = img.get(x, y, 0);
        if (v > 100) {
          int half = x < img.width() / 2 ? 0 : 3;
          sum[half] += x * v;
          sum[half + 1] += y * v;
          sum[half + 2] += v;
        }
      }
    }
    return new double[] {sum[0] / sum[2], sum[1] / sum[2], sum[3] / sum[5], sum[4] / sum[5]};
  }

  @Test
  void levelsTiltedEyes() {
    // eyes 60 px apart, the left one 35 px lower: about 30 degrees of roll
    PixelImage img = eyes(70, 80, 122, 110);
    DetectedFace f = face(new FaceBox(56, 55, 80, 80), 70, 80, 122, 110);
    assertThat(Math.toDegrees(FaceAligner.roll(f))).isBetween(29.0, 31.0);
    PixelImage crop = FaceAligner.align(img, f, 0.2, 112);
    assertThat(crop.width()).isEqualTo(112);
    assertThat(crop.height()).isEqualTo(112);
    double[] c = dotCentres(crop);
    assertThat(Math.abs(c[1] - c[3])).as("eye rows after alignment %s", java.util.Arrays.toString(c)).isLessThan(1.5);
    assertThat(c[0]).isLessThan(c[2]);
  }

  @Test
  void withoutLandmarksItCropsUprightAndPadsOutsideWithBlack() {
    byte[] px = new byte[50 * 40 * 3];
    java.util.Arrays.fill(px, (byte) 200);
    PixelImage img = new PixelImage(50, 40, 3, px);
    // a box at the corner: the margin reaches outside the image
    PixelImage crop = FaceAligner.align(img, new DetectedFace(new FaceBox(0, 0, 20, 20), 0f, List.of()), 0.25, 30);
    assertThat(crop.get(0, 0, 0)).isZero();
    assertThat(crop.get(15, 15, 0)).isEqualTo(200);
    assertThat(crop.get(29, 29, 2)).isEqualTo(200);
  }
}
