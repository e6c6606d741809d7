package io.emotioncluster.node.evaluation;

import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.image.Resize;

/**
 * Histograms of oriented gradients (Dalal and Triggs 2005) of a gray image: the classical face
 * descriptor of the classical baseline. The image is resized to {@code size} x {@code size}; each
 * cell of {@code cell} x {@code cell} px gets a 9-bin histogram of unsigned gradient orientation
 * weighted by magnitude (bilinear between neighbouring bins); blocks of 2 x 2 cells, one cell
 * apart, are L2-Hys normalised and concatenated.
 */
public final class HogFeatures {

  static final int BINS = 9;

  private final int size;
  private final int cell;

  public HogFeatures(int size, int cell) {
    if (size % cell != 0 || size / cell < 2) {
      throw new IllegalArgumentException("size must be a multiple of cell with at least 2 cells, got " + size + "/" + cell);
    }
    this.size = size;
    this.cell = cell;
  }

  /** 48 px images, 6 px cells: 7 x 7 blocks of 36 values, 1764 features. */
  public static HogFeatures defaults() {
    return new HogFeatures(48, 6);
  }

  public int length() {
    int blocks = size / cell - 1;
    return blocks * blocks * 4 * BINS;
  }

  public float[] of(PixelImage image) {
    double[] g = gray(image.width() == size && image.height() == size ? image : Resize.to(image, size, size));
    int cells = size / cell;
    double[][][] hist = new double[cells][cells][BINS];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double dx = g[y * size + Math.min(size - 1, x + 1)] - g[y * size + Math.max(0, x - 1)];
        double dy = g[Math.min(size - 1, y + 1) * size + x] - g[Math.max(0, y - 1) * size + x];
        double magnitude = Math.sqrt(dx * dx + dy * dy);
        double angle = Math.atan2(dy, dx);
        if (angle < 0) {
          angle += Math.PI; // unsigned orientation in [0, pi)
        }
        double pos = angle / Math.PI * BINS - 0.5;
        int lo = (int) Math.floor(pos);
        double w = pos - lo;
        int cy = y / cell;
        int cx = x / cell;
        hist[cy][cx][Math.floorMod(lo, BINS)] += magnitude * (1 - w);
        hist[cy][cx][Math.floorMod(lo + 1, BINS)] += magnitude * w;
      }
    }
    float[] out = new float[length()];
    int k = 0;
    double[] block = new double[4 * BINS];
    for (int by = 0; by < cells - 1; by++) {
      for (int bx = 0; bx < cells - 1; bx++) {
        int j = 0;
        for (int oy = 0; oy < 2; oy++) {
          for (int ox = 0; ox < 2; ox++) {
            for (int b = 0; b < BINS; b++) {
              block[j++] = hist[by + oy][bx + ox][b];
            }
          }
        }
        normaliseL2Hys(block);
        for (double v : block) {
          out[k++] = (float) v;
        }
      }
    }
    return out;
  }

  private static void normaliseL2Hys(double[] v) {
    for (int pass = 0; pass < 2; pass++) {
      double s = 1e-6;
      for (double x : v) {
        s += x * x;
      }
      double n = Math.sqrt(s);
      for (int i = 0; i < v.length; i++) {
        v[i] = pass == 0 ? Math.min(0.2, v[i] / n) : v[i] / n;
      }
    }
  }

  private static double[] gray(PixelImage img) {
    double[] g = new double[img.width() * img.height()];
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) {
        g[y * img.width() + x] = img.channels() == 1 ? img.get(x, y, 0)
            : 0.299 * img.get(x, y, 0) + 0.587 * img.get(x, y, 1) + 0.114 * img.get(x, y, 2);
      }
    }
    return g;
  }
}
