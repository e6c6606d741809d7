package io.emotioncluster.node.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KidTest {

  @Test
  void matchesAHandComputedExample() {
    // d = 1, k(a, b) = (ab + 1)^3. X = {0, 1}: k(0,1) = 1. Y = {1, 2}: k(1,2) = 27.
    // Cross terms k(0,1) + k(0,2) + k(1,1) + k(1,2) = 1 + 1 + 8 + 27 = 37.
    // Unbiased MMD^2 = 2*1/(2*1) + 2*27/(2*1) - 2*37/4 = 1 + 27 - 18.5 = 9.5
    assertThat(Kid.of(new float[][] {{0}, {1}}, new float[][] {{1}, {2}})).isCloseTo(9.5, within(1e-9));
    // symmetric
    assertThat(Kid.of(new float[][] {{1}, {2}}, new float[][] {{0}, {1}})).isCloseTo(9.5, within(1e-9));
    // d = 2 divides the dot product: X = {(1,1), (0,0)}: k = (0/2 + 1)^3 = 1; Y = {(1,1), (1,1)}: k = (2/2+1)^3 = 8;
    // cross: (1,1).(1,1) twice -> 8, 8; (0,0).(1,1) twice -> 1, 1 => 18. MMD = 1 + 8 - 2*18/4 = 0
    assertThat(Kid.of(new float[][] {{1, 1}, {0, 0}}, new float[][] {{1, 1}, {1, 1}})).isCloseTo(0, within(1e-9));
  }

  @Test
  void nearZeroForOneDistributionAndPositiveForAShiftedOne() {
    Random r = new Random(5);
    float[][] a = sample(r, 300, 8, 0);
    float[][] b = sample(r, 300, 8, 0);
    float[][] shifted = sample(r, 300, 8, 0.5f);
    double same = Kid.of(a, b);
    double apart = Kid.of(a, shifted);
    assertThat(Math.abs(same)).isLessThan(0.02);
    assertThat(apart).isGreaterThan(0.1);
    assertThat(apart).isGreaterThan(10 * Math.abs(same));
  }

  private static float[][] sample(Random r, int n, int d, float shift) {
    float[][] x = new float[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = (float) r.nextGaussian() + shift;
      }
    }
    return x;
  }
}
