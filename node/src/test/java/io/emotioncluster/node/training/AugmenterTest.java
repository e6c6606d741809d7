package io.emotioncluster.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.emotioncluster.node.image.InputSpec;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmenterTest {

  private static final InputSpec GRAY = InputSpec.of(7, 5, 1);
  private static final InputSpec RGB = InputSpec.of(6, 6, 3);
  private static final Augmenter.Options FLIP_ONLY = new Augmenter.Options(true, 0, 0, 0, 0);

  /** Distinct values in (0,1) that identify their position. */
  private static float[] pattern(InputSpec spec) {
    float[] img = new float[spec.size()];
    for (int i = 0; i < img.length; i++) {
      img[i] = (i + 1f) / (img.length + 2f);
    }
    return img;
  }

  private static float[] randomImage(InputSpec spec, long seed) {
    Random r = new Random(seed);
    float[] img = new float[spec.size()];
    for (int i = 0; i < img.length; i++) {
      img[i] = r.nextFloat();
    }
    return img;
  }

  private static float at(float[] img, InputSpec spec, int c, int y, int x) {
    return img[(c * spec.height() + y) * spec.width() + x];
  }

  private static float[] mirror(float[] img, InputSpec spec) {
    float[] m = new float[img.length];
    int w = spec.width();
    for (int c = 0; c < spec.channels(); c++) {
      for (int y = 0; y < spec.height(); y++) {
        for (int x = 0; x < w; x++) {
          m[(c * spec.height() + y) * w + x] = at(img, spec, c, y, w - 1 - x);
        }
      }
    }
    return m;
  }

  @Test
  void optionsPresets() {
    assertThat(Augmenter.Options.defaults())
        .isEqualTo(new Augmenter.Options(true, 10, 0.08, 0.1, 0.15));
    assertThat(Augmenter.Options.defaults().enabled()).isTrue();
    assertThat(Augmenter.Options.none()).isEqualTo(new Augmenter.Options(false, 0, 0, 0, 0));
    assertThat(Augmenter.Options.none().enabled()).isFalse();
  }

  @Test
  void rejectsBadOptionsAndOffsets() {
    assertThatThrownBy(() -> new Augmenter.Options(true, -1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Augmenter.Options(true, 0, Double.NaN, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Augmenter.Options(true, 0, 0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    Augmenter aug = new Augmenter(Augmenter.Options.defaults(), GRAY);
    float[] buf = new float[2 * GRAY.size()];
    assertThatThrownBy(() -> aug.apply(buf, GRAY.size() + 1, new Random(1)))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> aug.apply(buf, -1, new Random(1)))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void noneLeavesImageUnchanged() {
    Augmenter aug = new Augmenter(Augmenter.Options.none(), RGB);
    float[] img = randomImage(RGB, 3);
    float[] buf = img.clone();
    Random random = new Random(5);
    for (int i = 0; i < 20; i++) {
      aug.apply(buf, 0, random);
    }
    assertThat(buf).containsExactly(img);
  }

  @Test
  void identityParametersLeaveImageUnchanged() {
    Augmenter aug = new Augmenter(Augmenter.Options.defaults(), GRAY);
    float[] img = pattern(GRAY);
    float[] buf = img.clone();
    aug.warp(buf, 0, false, 0, 0, 0, 1, 0);
    assertThat(buf).containsExactly(img);
  }

  @Test
  void forcedFlipMirrorsEveryChannel() {
    Augmenter aug = new Augmenter(FLIP_ONLY, RGB);
    float[] img = randomImage(RGB, 11);
    float[] buf = img.clone();
    aug.warp(buf, 0, true, 0, 0, 0, 1, 0);
    assertThat(buf).containsExactly(mirror(img, RGB));
  }

  @Test
  void flipOnlyApplyEitherKeepsOrMirrorsAndDoesBoth() {
    Augmenter aug = new Augmenter(FLIP_ONLY, GRAY);
    float[] img = pattern(GRAY);
    float[] mirrored = mirror(img, GRAY);
    int flips = 0;
    int keeps = 0;
    Random random = new Random(17);
    for (int t = 0; t < 200; t++) {
      float[] buf = img.clone();
      aug.apply(buf, 0, random);
      if (Arrays.equals(buf, mirrored)) {
        flips++;
      } else {
        assertThat(buf).containsExactly(img);
        keeps++;
      }
    }
    assertThat(flips).isBetween(60, 140);
    assertThat(keeps).isBetween(60, 140);
  }

  @Test
  void shiftByOnePixelMovesContentByOnePixel() {
    Augmenter aug = new Augmenter(Augmenter.Options.defaults(), GRAY);
    float[] img = pattern(GRAY);
    int w = GRAY.width();
    int h = GRAY.height();

    float[] right = img.clone();
    aug.warp(right, 0, false, 0, 1, 0, 1, 0);
    float[] down = img.clone();
    aug.warp(down, 0, false, 0, 0, 1, 1, 0);
    float[] left = img.clone();
    aug.warp(left, 0, false, 0, -1, 0, 1, 0);

    for (int y = 0; y < h; y++) {
      for (int x = 1; x < w; x++) {
        assertThat(at(right, GRAY, 0, y, x)).isEqualTo(at(img, GRAY, 0, y, x - 1));
        assertThat(at(left, GRAY, 0, y, x - 1)).isEqualTo(at(img, GRAY, 0, y, x));
      }
      // the uncovered column replicates the border
      assertThat(at(right, GRAY, 0, y, 0)).isEqualTo(at(img, GRAY, 0, y, 0));
      assertThat(at(left, GRAY, 0, y, w - 1)).isEqualTo(at(img, GRAY, 0, y, w - 1));
    }
    for (int x = 0; x < w; x++) {
      for (int y = 1; y < h; y++) {
        assertThat(at(down, GRAY, 0, y, x)).isEqualTo(at(img, GRAY, 0, y - 1, x));
      }
      assertThat(at(down, GRAY, 0, 0, x)).isEqualTo(at(img, GRAY, 0, 0, x));
    }
  }

  @Test
  void halfPixelShiftInterpolatesBilinearly() {
    Augmenter aug = new Augmenter(Augmenter.Options.defaults(), GRAY);
    float[] img = pattern(GRAY);
    float[] buf = img.clone();
    aug.warp(buf, 0, false, 0, 0.5, 0, 1, 0);
    for (int y = 0; y < GRAY.height(); y++) {
      for (int x = 1; x < GRAY.width(); x++) {
        float expected = (at(img, GRAY, 0, y, x - 1) + at(img, GRAY, 0, y, x)) / 2;
        assertThat(at(buf, GRAY, 0, y, x)).isCloseTo(expected, within(1e-6f));
      }
    }
  }

  @Test
  void quarterTurnRotatesAboutTheCentre() {
    InputSpec sq = InputSpec.of(5, 5, 1);
    Augmenter aug = new Augmenter(Augmenter.Options.defaults(), sq);
    float[] img = pattern(sq);
    float[] buf = img.clone();
    aug.warp(buf, 0, false, Math.PI / 2, 0, 0, 1, 0);
    // inverse map for +90 degrees: output (x, y) samples source (y, 4 - x)
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 5; x++) {
        assertThat(at(buf, sq, 0, y, x)).isCloseTo(at(img, sq, 0, 4 - x, y), within(1e-5f));
      }
    }
    // the centre pixel stays where it is
    assertThat(at(buf, sq, 0, 2, 2)).isCloseTo(at(img, sq, 0, 2, 2), within(1e-6f));
  }

  @Test
  void rotationAndShiftComposeInOneWarp() {
    InputSpec sq = InputSpec.of(9, 9, 1);
    Augmenter aug = new Augmenter(Augmenter.Options.defaults(), sq);
    float[] img = pattern(sq);
    float[] buf = img.clone();
    // flip, rotate 180 degrees, then shift right by 1: content at (x, y) goes to (x + 1, 8 - y)
    aug.warp(buf, 0, true, Math.PI, 1, 0, 1, 0);
    for (int y = 0; y < 9; y++) {
      for (int x = 0; x < 8; x++) {
        assertThat(at(buf, sq, 0, 8 - y, x + 1)).isCloseTo(at(img, sq, 0, y, x), within(1e-5f));
      }
    }
  }

  @Test
  void constantImageStaysConstantUnderAnyGeometry() {
    Augmenter aug = new Augmenter(Augmenter.Options.defaults(), RGB);
    Random random = new Random(42);
    for (int t = 0; t < 50; t++) {
      float[] buf = new float[RGB.size()];
      Arrays.fill(buf, 0.37f);
      aug.warp(buf, 0, random.nextBoolean(), (random.nextDouble() - 0.5) * 2 * Math.PI,
          (random.nextDouble() - 0.5) * 10, (random.nextDouble() - 0.5) * 10, 1, 0);
      for (float v : buf) {
        assertThat(v).isEqualTo(0.37f);
      }
    }
    // with full random augmentation (contrast/brightness too) it stays uniform
    for (int t = 0; t < 50; t++) {
      float[] buf = new float[RGB.size()];
      Arrays.fill(buf, 0.6f);
      aug.apply(buf, 0, random);
      for (float v : buf) {
        assertThat(v).isCloseTo(buf[0], within(1e-6f));
      }
    }
  }

  @Test
  void outputStaysWithinUnitRange() {
    Augmenter.Options strong = new Augmenter.Options(true, 45, 0.3, 0.5, 0.9);
    for (InputSpec spec : new InputSpec[] {GRAY, RGB, InputSpec.of(48, 48, 1)}) {
      Augmenter aug = new Augmenter(strong, spec);
      Augmenter normal = new Augmenter(Augmenter.Options.defaults(), spec);
      Random random = new Random(7);
      for (int t = 0; t < 200; t++) {
        float[] buf = randomImage(spec, t);
        (t % 2 == 0 ? aug : normal).apply(buf, 0, random);
        for (float v : buf) {
          assertThat(v).isBetween(0f, 1f);
        }
      }
      // explicit extremes
      float[] buf = randomImage(spec, 99);
      aug.warp(buf, 0, false, 0.3, 2, -2, 1.9, 0.8);
      for (float v : buf) {
        assertThat(v).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void contrastAndBrightnessActAroundTheMean() {
    Augmenter aug = new Augmenter(Augmenter.Options.defaults(), GRAY);
    float[] img = pattern(GRAY);
    double mean = 0;
    for (float v : img) {
      mean += v;
    }
    mean /= img.length;
    float[] buf = img.clone();
    aug.warp(buf, 0, false, 0, 0, 0, 0.8, 0.05);
    for (int i = 0; i < img.length; i++) {
      double expected = mean + 0.8 * (img[i] - mean) + 0.05;
      assertThat((double) buf[i]).isCloseTo(expected, within(1e-6));
    }
  }

  @Test
  void equalSeedsGiveEqualOutputs() {
    Augmenter a = new Augmenter(Augmenter.Options.defaults(), RGB);
    Augmenter b = new Augmenter(Augmenter.Options.defaults(), RGB);
    Random ra = new Random(1234);
    Random rb = new Random(1234);
    for (int t = 0; t < 20; t++) {
      float[] x = randomImage(RGB, t);
      float[] y = x.clone();
      a.apply(x, 0, ra);
      b.apply(y, 0, rb);
      assertThat(x).containsExactly(y);
    }
    float[] x = randomImage(RGB, 0);
    float[] y = x.clone();
    a.apply(x, 0, new Random(1));
    a.apply(y, 0, new Random(2));
    assertThat(x).isNotEqualTo(y);
  }

  @Test
  void sameGeometryOnEveryChannel() {
    Augmenter aug = new Augmenter(new Augmenter.Options(true, 30, 0.2, 0, 0), RGB);
    int plane = RGB.width() * RGB.height();
    float[] gray = randomImage(InputSpec.of(RGB.width(), RGB.height(), 1), 5);
    Random random = new Random(8);
    for (int t = 0; t < 30; t++) {
      // channel 0 = g, channel 1 = g / 2, channel 2 = 1 - g; bilinear warping is linear
      float[] buf = new float[RGB.size()];
      for (int i = 0; i < plane; i++) {
        buf[i] = gray[i];
        buf[plane + i] = gray[i] / 2;
        buf[2 * plane + i] = 1 - gray[i];
      }
      aug.apply(buf, 0, random);
      for (int i = 0; i < plane; i++) {
        assertThat(buf[plane + i]).isCloseTo(buf[i] / 2, within(1e-5f));
        assertThat(buf[2 * plane + i]).isCloseTo(1 - buf[i], within(1e-5f));
      }
    }
    // and with photometric changes too, identical channels stay identical
    Augmenter full = new Augmenter(Augmenter.Options.defaults(), RGB);
    for (int t = 0; t < 30; t++) {
      float[] buf = new float[RGB.size()];
      for (int c = 0; c < 3; c++) {
        System.arraycopy(gray, 0, buf, c * plane, plane);
      }
      full.apply(buf, 0, random);
      assertThat(Arrays.copyOfRange(buf, plane, 2 * plane))
          .containsExactly(Arrays.copyOfRange(buf, 0, plane));
      assertThat(Arrays.copyOfRange(buf, 2 * plane, 3 * plane))
          .containsExactly(Arrays.copyOfRange(buf, 0, plane));
    }
  }

  @Test
  void touchesOnlyItsSlotOfABatchBuffer() {
    Augmenter aug = new Augmenter(new Augmenter.Options(true, 20, 0.2, 0.3, 0.3), GRAY);
    int n = GRAY.size();
    float[] batch = new float[3 * n];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = (i % 17) / 17f;
    }
    float[] before = batch.clone();
    float[] alone = Arrays.copyOfRange(batch, n, 2 * n);
    aug.apply(batch, n, new Random(3));
    aug.apply(alone, 0, new Random(3));
    assertThat(Arrays.copyOfRange(batch, 0, n)).containsExactly(Arrays.copyOfRange(before, 0, n));
    assertThat(Arrays.copyOfRange(batch, 2 * n, 3 * n))
        .containsExactly(Arrays.copyOfRange(before, 2 * n, 3 * n));
    assertThat(Arrays.copyOfRange(batch, n, 2 * n)).containsExactly(alone);
    assertThat(alone).isNotEqualTo(Arrays.copyOfRange(before, n, 2 * n));
  }
}
