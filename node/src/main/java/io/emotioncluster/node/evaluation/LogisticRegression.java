package io.emotioncluster.node.evaluation;

import java.util.Random;

/**
 * Multinomial logistic regression with L2 regularisation, trained by mini-batch SGD with momentum
 * on standardised features (means and deviations of the training set). Plain Java: the classical
 * baseline must not share any code path with the networks it is compared against. The seed sets
 * the order of the mini-batches, so fits with different seeds differ slightly.
 */
public final class LogisticRegression {

  private final int classes;
  private final double l2;
  private final int epochs;
  private float[] mean;
  private float[] scale;
  private double[][] weights; // [class][feature + bias]

  public LogisticRegression(int classes, double l2, int epochs) {
    this.classes = classes;
    this.l2 = l2;
    this.epochs = epochs;
  }

  public LogisticRegression fit(float[][] x, int[] y, long seed) {
    int n = x.length;
    int d = x[0].length;
    mean = new float[d];
    scale = new float[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
      }
    }
    for (int j = 0; j < d; j++) {
      scale[j] = (float) (1 / Math.sqrt(scale[j] + 1e-8));
    }
    double[][] z = new double[n][];
    for (int i = 0; i < n; i++) {
      z[i] = standardise(x[i]);
    }
    weights = new double[classes][d + 1];
    double[][] velocity = new double[classes][d + 1];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    int batch = 16;
    double[] p = new double[classes];
    double[][] grad = new double[classes][d + 1];
    int steps = 0;
    int totalSteps = epochs * ((n + batch - 1) / batch);
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int k = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[k];
        order[k] = t;
      }
      for (int start = 0; start < n; start += batch) {
        int end = Math.min(n, start + batch);
        for (double[] g : grad) {
          java.util.Arrays.fill(g, 0);
        }
        for (int b = start; b < end; b++) {
          double[] zi = z[order[b]];
          probabilities(zi, p);
          p[y[order[b]]] -= 1;
          for (int c = 0; c < classes; c++) {
            double pc = p[c];
            double[] gc = grad[c];
            for (int j = 0; j < d; j++) {
              gc[j] += pc * zi[j];
            }
            gc[d] += pc;
          }
        }
        // cosine-decayed step size, momentum 0.9
        double lr = 0.05 * 0.5 * (1 + Math.cos(Math.PI * steps++ / totalSteps));
        int m = end - start;
        for (int c = 0; c < classes; c++) {
          for (int j = 0; j <= d; j++) {
            double g = grad[c][j] / m + (j < d ? l2 * weights[c][j] : 0);
            velocity[c][j] = 0.9 * velocity[c][j] - lr * g;
            weights[c][j] += velocity[c][j];
          }
        }
      }
    }
    return this;
  }

  public int predict(float[] x) {
    double[] p = new double[classes];
    probabilities(standardise(x), p);
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
  }

  private double[] standardise(float[] x) {
    double[] z = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      z[j] = (x[j] - mean[j]) * scale[j];
    }
    return z;
  }

  private void probabilities(double[] z, double[] p) {
    int d = z.length;
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      double s = weights[c][d];
      double[] w = weights[c];
      for (int j = 0; j < d; j++) {
        s += w[j] * z[j];
      }
      p[c] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      p[c] = Math.exp(p[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < classes; c++) {
      p[c] /= sum;
    }
  }
}
