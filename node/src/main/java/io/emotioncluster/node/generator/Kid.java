package io.emotioncluster.node.generator;

/**
 * Kernel inception distance (Binkowski et al. 2018): the unbiased estimate of the squared maximum
 * mean discrepancy between two feature samples under the cubic polynomial kernel
 * k(x, y) = (x.y / d + 1)^3. Near 0 when both samples come from one distribution; it can dip
 * slightly below 0 because the estimate is unbiased.
 */
public final class Kid {

  private Kid() {}

  public static double of(float[][] x, float[][] y) {
    int m = x.length;
    int n = y.length;
    if (m < 2 || n < 2) {
      throw new IllegalArgumentException("KID needs at least 2 samples on each side, got " + m + " and " + n);
    }
    int d = x[0].length;
    double xx = 0;
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++) {
        xx += 2 * kernel(x[i], x[j], d);
      }
    }
    double yy = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        yy += 2 * kernel(y[i], y[j], d);
      }
    }
    double xy = 0;
    for (float[] a : x) {
      for (float[] b : y) {
        xy += kernel(a, b, d);
      }
    }
    return xx / ((double) m * (m - 1)) + yy / ((double) n * (n - 1)) - 2 * xy / ((double) m * n);
  }

  static double kernel(float[] a, float[] b, int d) {
    double dot = 0;
    for (int i = 0; i < d; i++) {
      dot += (double) a[i] * b[i];
    }
    double k = dot / d + 1;
    return k * k * k;
  }
}
