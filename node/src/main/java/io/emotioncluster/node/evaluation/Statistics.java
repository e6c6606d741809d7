package io.emotioncluster.node.evaluation;

import io.emotioncluster.node.training.EvaluationMetrics;
import java.util.Arrays;
import java.util.Random;

/** The statistics behind a comparison: bootstrap intervals and McNemar's test. */
public final class Statistics {

  private Statistics() {}

  /** A 95% percentile-bootstrap interval of accuracy and macro-F1, resampling test images. */
  public record Interval(double accuracyLow, double accuracyHigh, double macroF1Low, double macroF1High) {}

  public static Interval bootstrap(int[] truth, int[] predicted, int resamples, long seed) {
    int n = truth.length;
    double[] acc = new double[resamples];
    double[] f1 = new double[resamples];
    int[] t = new int[n];
    int[] p = new int[n];
    Random rnd = new Random(seed);
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < n; i++) {
        int k = rnd.nextInt(n);
        t[i] = truth[k];
        p[i] = predicted[k];
      }
      EvaluationMetrics m = EvaluationMetrics.of(t, p);
      acc[r] = m.accuracy();
      f1[r] = m.macroF1();
    }
    Arrays.sort(acc);
    Arrays.sort(f1);
    int lo = (int) Math.floor(0.025 * (resamples - 1));
    int hi = (int) Math.ceil(0.975 * (resamples - 1));
    return new Interval(acc[lo], acc[hi], f1[lo], f1[hi]);
  }

  /**
   * Two-sided McNemar test on paired predictions: only images exactly one model gets right count.
   * Exact binomial for fewer than 50 discordant pairs, chi-square with continuity correction above.
   */
  public static double mcNemar(int[] truth, int[] a, int[] b) {
    int onlyA = 0;
    int onlyB = 0;
    for (int i = 0; i < truth.length; i++) {
      boolean ra = a[i] == truth[i];
      boolean rb = b[i] == truth[i];
      if (ra && !rb) {
        onlyA++;
      } else if (rb && !ra) {
        onlyB++;
      }
    }
    int n = onlyA + onlyB;
    if (n == 0) {
      return 1.0;
    }
    if (n < 50) {
      int k = Math.min(onlyA, onlyB);
      double tail = 0;
      for (int i = 0; i <= k; i++) {
        tail += Math.exp(logChoose(n, i) - n * Math.log(2));
      }
      return Math.min(1.0, 2 * tail);
    }
    double chi2 = Math.pow(Math.abs(onlyA - onlyB) - 1, 2) / n;
    return chiSquare1Survival(chi2);
  }

  private static double logChoose(int n, int k) {
    return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  }

  private static double logFactorial(int n) {
    double s = 0;
    for (int i = 2; i <= n; i++) {
      s += Math.log(i);
    }
    return s;
  }

  /** P(X > x) for chi-square with one degree of freedom = erfc(sqrt(x / 2)). */
  static double chiSquare1Survival(double x) {
    return erfc(Math.sqrt(x / 2));
  }

  /** Complementary error function (Numerical Recipes' erfcc, |error| < 1.2e-7). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
