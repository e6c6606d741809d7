package io.emotioncluster.node.augmentation;

import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.generator.FaceGenerator;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.image.Resize;
import io.emotioncluster.node.model.Emotion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The trivial generator the learned one has to beat: per emotion, probabilistic PCA of the real
 * training images (Tipping and Bishop 1999). A sample is the class mean plus the leading
 * principal directions weighted by Gaussian coefficients with the class's own variances, plus
 * isotropic noise at the mean variance of the discarded directions. It knows nothing beyond the
 * few real images it is fitted on, so it bounds what "more images like these" can add.
 *
 * <p>Fitting works on the n x n Gram matrix of a class (n = its images, a few hundred at most),
 * so it takes well under a second on the experiment's training splits. Deterministic: the same
 * images and seeds give the same pixels.
 */
public final class PcaGenerator implements FaceGenerator {

  /** Principal directions kept per class (fewer when the class has fewer images). */
  public static final int DEFAULT_COMPONENTS = 16;
  /** Images per class used for the fit; more are subsampled (the Gram matrix is n x n). */
  static final int MAX_FIT_IMAGES = 400;

  private final String versionId;
  private final int size;
  private final int channels;
  private final Map<Emotion, ClassModel> models;

  /** One class: mean, directions scaled by their standard deviations, residual noise. */
  private record ClassModel(double[] mean, double[][] scaledDirections, double noiseSd) {}

  private PcaGenerator(String versionId, int size, int channels, Map<Emotion, ClassModel> models) {
    this.versionId = versionId;
    this.size = size;
    this.channels = channels;
    this.models = models;
  }

  /**
   * Fits one model per emotion on {@code train}, resized to {@code size} x {@code size} with
   * {@code channels} channels. Every emotion needs at least one image.
   */
  public static PcaGenerator fit(List<LabeledImage> train, int size, int channels, int components, long seed) {
    Map<Emotion, List<double[]>> byClass = new EnumMap<>(Emotion.class);
    for (LabeledImage image : train) {
      byClass.computeIfAbsent(image.emotion(), e -> new ArrayList<>()).add(vector(image.image(), size, channels));
    }
    Map<Emotion, ClassModel> models = new EnumMap<>(Emotion.class);
    Random subsample = new Random(seed);
    for (Emotion e : Emotion.all()) {
      List<double[]> xs = byClass.get(e);
      if (xs == null || xs.isEmpty()) {
        throw new IllegalArgumentException("the PCA generator needs training images of every emotion; " + e.label()
            + " has none");
      }
      while (xs.size() > MAX_FIT_IMAGES) {
        xs.remove(subsample.nextInt(xs.size()));
      }
      models.put(e, fitClass(xs, components));
    }
    return new PcaGenerator("pca", size, channels, models);
  }

  private static ClassModel fitClass(List<double[]> xs, int components) {
    int n = xs.size();
    int d = xs.get(0).length;
    double[] mean = new double[d];
    for (double[] x : xs) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[j] / n;
      }
    }
    double[][] centred = new double[n][d];
    double total = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        centred[i][j] = xs.get(i)[j] - mean[j];
        total += centred[i][j] * centred[i][j];
      }
    }
    if (n < 2) {
      return new ClassModel(mean, new double[0][], 0);
    }
    double[][] gram = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = i; k < n; k++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += centred[i][j] * centred[k][j];
        }
        gram[i][k] = s;
        gram[k][i] = s;
      }
    }
    SymmetricEigen eig = SymmetricEigen.of(gram);
    int q = Math.min(components, n - 1);
    double kept = 0;
    double[][] scaled = new double[q][];
    for (int c = 0; c < q; c++) {
      double lambda = Math.max(0, eig.values()[c]); // eigenvalue of X X^T = of X^T X
      kept += lambda;
      double[] u = eig.vectors()[c];
      double[] v = new double[d]; // direction in pixel space: X^T u / sqrt(lambda), unit length
      if (lambda > 1e-9) {
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < d; j++) {
            v[j] += centred[i][j] * u[i];
          }
        }
        double sd = Math.sqrt(lambda / (n - 1)); // the coefficient's standard deviation
        double norm = Math.sqrt(lambda);
        for (int j = 0; j < d; j++) {
          v[j] = v[j] / norm * sd;
        }
      }
      scaled[c] = v;
    }
    // PPCA's noise: the mean variance of the directions left out (over the d - q remaining ones).
    double residual = Math.max(0, total - kept) / (n - 1);
    double noiseVar = d > q ? residual / (d - q) : 0;
    return new ClassModel(mean, scaled, Math.sqrt(noiseVar));
  }

  private static double[] vector(PixelImage image, int size, int channels) {
    PixelImage img = image.width() == size && image.height() == size ? image : Resize.to(image, size, size);
    double[] v = new double[size * size * channels];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        for (int c = 0; c < channels; c++) {
          int value;
          if (img.channels() == channels) {
            value = img.get(x, y, c);
          } else if (channels == 1) { // RGB to gray (BT.601 luma)
            value = (299 * img.get(x, y, 0) + 587 * img.get(x, y, 1) + 114 * img.get(x, y, 2) + 500) / 1000;
          } else {
            value = img.get(x, y, 0);
          }
          v[(y * size + x) * channels + c] = value;
        }
      }
    }
    return v;
  }

  @Override
  public String versionId() {
    return versionId;
  }

  @Override
  public int resolution() {
    return size;
  }

  @Override
  public int channels() {
    return channels;
  }

  /** {@code truncation} scales the coefficients, as it scales the latent of a GAN. */
  @Override
  public List<PixelImage> generate(Emotion emotion, long[] seeds, float truncation) {
    ClassModel m = models.get(emotion);
    List<PixelImage> out = new ArrayList<>(seeds.length);
    for (long seed : seeds) {
      Random r = new Random(seed);
      double[] x = m.mean().clone();
      for (double[] direction : m.scaledDirections()) {
        double z = r.nextGaussian() * truncation;
        for (int j = 0; j < x.length; j++) {
          x[j] += z * direction[j];
        }
      }
      byte[] pixels = new byte[x.length];
      for (int j = 0; j < x.length; j++) {
        double v = x[j] + r.nextGaussian() * m.noiseSd() * truncation;
        pixels[j] = (byte) Math.max(0, Math.min(255, Math.round(v)));
      }
      out.add(new PixelImage(size, size, channels, pixels));
    }
    return out;
  }

  @Override
  public void close() {
  }

  /** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations, largest first. */
  record SymmetricEigen(double[] values, double[][] vectors) {

    static SymmetricEigen of(double[][] matrix) {
      int n = matrix.length;
      double[][] a = new double[n][];
      for (int i = 0; i < n; i++) {
        a[i] = matrix[i].clone();
      }
      double[][] v = new double[n][n];
      for (int i = 0; i < n; i++) {
        v[i][i] = 1;
      }
      for (int sweep = 0; sweep < 50; sweep++) {
        double off = 0;
        double diag = 0;
        for (int p = 0; p < n; p++) {
          diag += a[p][p] * a[p][p];
          for (int q = p + 1; q < n; q++) {
            off += a[p][q] * a[p][q];
          }
        }
        if (off <= 1e-22 * Math.max(diag, 1e-300)) {
          break;
        }
        for (int p = 0; p < n; p++) {
          for (int q = p + 1; q < n; q++) {
            if (Math.abs(a[p][q]) < 1e-300) {
              continue;
            }
            double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
            double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
            if (theta == 0) {
              t = 1;
            }
            double c = 1 / Math.sqrt(t * t + 1);
            double s = t * c;
            for (int k = 0; k < n; k++) { // columns p, q
              double akp = a[k][p];
              double akq = a[k][q];
              a[k][p] = c * akp - s * akq;
              a[k][q] = s * akp + c * akq;
            }
            for (int k = 0; k < n; k++) { // rows p, q
              double apk = a[p][k];
              double aqk = a[q][k];
              a[p][k] = c * apk - s * aqk;
              a[q][k] = s * apk + c * aqk;
            }
            for (int k = 0; k < n; k++) {
              double vkp = v[k][p];
              double vkq = v[k][q];
              v[k][p] = c * vkp - s * vkq;
              v[k][q] = s * vkp + c * vkq;
            }
          }
        }
      }
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
      double[] values = new double[n];
      double[][] vectors = new double[n][n];
      for (int r = 0; r < n; r++) {
        values[r] = a[order[r]][order[r]];
        for (int k = 0; k < n; k++) {
          vectors[r][k] = v[k][order[r]];
        }
      }
      return new SymmetricEigen(values, vectors);
    }
  }
}
