package io.emotioncluster.node.evaluation;

import io.emotioncluster.node.training.EvaluationMetrics;
import java.util.Arrays;
import java.util.Random;

/**
 * The statistics behind a comparison: bootstrap intervals and McNemar's test for two versions on
 * one test set; Student-t intervals and the paired t-test for experiments repeated over seeds.
 */
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

  /** A mean with its two-sided 95% interval. */
  public record MeanInterval(double mean, double low, double high, int n) {}

  /**
   * Mean and 95% Student-t interval over independent repetitions (seeds): mean +- t(0.975, n-1)
   * * s / sqrt(n), with s the sample standard deviation. It assumes the per-seed values are
   * roughly normal, which is the usual reading of "mean over seeds +- CI" in papers; with the
   * few seeds an experiment can afford, the t quantile (not 1.96) is what keeps it honest.
   * Needs at least two values.
   */
  public static MeanInterval tInterval(double[] values) {
    int n = values.length;
    if (n < 2) {
      throw new IllegalArgumentException("a t-interval needs at least two values, got " + n);
    }
    double mean = mean(values);
    double half = tQuantile975(n - 1) * standardDeviation(values, mean) / Math.sqrt(n);
    return new MeanInterval(mean, mean - half, mean + half, n);
  }

  /**
   * Two-sided paired t-test of {@code b - a} against zero (same seed = one pair). Returns the
   * p-value; 1 when every difference is zero, 0 when all differences are equal and non-zero.
   */
  public static double pairedTTest(double[] a, double[] b) {
    double[] d = differences(a, b);
    int n = d.length;
    if (n < 2) {
      throw new IllegalArgumentException("a paired t-test needs at least two pairs, got " + n);
    }
    double mean = mean(d);
    double sd = standardDeviation(d, mean);
    if (sd == 0) {
      return mean == 0 ? 1.0 : 0.0;
    }
    double t = mean / (sd / Math.sqrt(n));
    return studentTTwoSided(Math.abs(t), n - 1);
  }

  /** {@code b[i] - a[i]}. */
  public static double[] differences(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("paired values need equal lengths: " + a.length + " vs " + b.length);
    }
    double[] d = new double[a.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = b[i] - a[i];
    }
    return d;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** Sample standard deviation (n - 1 in the denominator). */
  static double standardDeviation(double[] v, double mean) {
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return Math.sqrt(ss / (v.length - 1));
  }

  /** P(|T| > t) for Student's t with {@code df} degrees of freedom: I_{df/(df+t^2)}(df/2, 1/2). */
  static double studentTTwoSided(double t, double df) {
    return regularizedBeta(df / (df + t * t), df / 2, 0.5);
  }

  /** The 97.5% quantile of Student's t (the half-width factor of a 95% interval), by bisection. */
  static double tQuantile975(double df) {
    double lo = 0;
    double hi = 1000;
    for (int i = 0; i < 200; i++) {
      double mid = (lo + hi) / 2;
      if (studentTTwoSided(mid, df) > 0.05) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /** The regularised incomplete beta function I_x(a, b) (continued fraction, Lentz's method). */
  static double regularizedBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
    if (x < (a + 1) / (a + b + 2)) {
      return front * betaFraction(x, a, b) / a;
    }
    return 1 - front * betaFraction(1 - x, b, a) / b;
  }

  private static double betaFraction(double x, double a, double b) {
    double tiny = 1e-300;
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 500; m++) {
      int m2 = 2 * m;
      double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      c = Math.abs(c) < tiny ? tiny : c;
      h *= d * c;
      num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      c = Math.abs(c) < tiny ? tiny : c;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-15) {
        break;
      }
    }
    return h;
  }

  /** ln Gamma(x) for x > 0 (Lanczos, g = 7, nine coefficients; relative error about 1e-15). */
  static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    double z = x - 1;
    double s = g[0];
    for (int i = 1; i < g.length; i++) {
      s += g[i] / (z + i);
    }
    double t = z + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
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
    return mcNemar(onlyA, onlyB);
  }

  /**
   * McNemar's test from the discordant counts: {@code onlyA} images only the first model gets
   * right, {@code onlyB} only the second.
   */
  public static double mcNemar(int onlyA, int onlyB) {
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
