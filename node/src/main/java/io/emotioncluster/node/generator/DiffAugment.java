package io.emotioncluster.node.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Differentiable augmentation (Zhao et al. 2020) applied to real and generated images alike
 * before the discriminator: brightness, contrast, translation by up to 1/8 of the side (zero
 * fill) and a cutout of half the side. Every operation is a differentiable NDArray expression,
 * so the generator is trained through it; random parameters come from the step's seed.
 */
final class DiffAugment {

  private DiffAugment() {}

  static NDArray apply(NDArray x, SplittableRandom rng) {
    NDManager m = x.getManager();
    Shape s = x.getShape();
    int n = (int) s.get(0);
    int c = (int) s.get(1);
    int h = (int) s.get(2);
    int w = (int) s.get(3);
    float[] bright = new float[n];
    float[] contrast = new float[n];
    for (int i = 0; i < n; i++) {
      bright[i] = (float) (rng.nextDouble() - 0.5); // images span [-1, 1]: +-0.25 of the range
      contrast[i] = (float) (0.5 + rng.nextDouble());
    }
    x = x.add(m.create(bright, new Shape(n, 1, 1, 1)));
    NDArray mean = x.mean(new int[] {1, 2, 3}, true);
    x = x.sub(mean).mul(m.create(contrast, new Shape(n, 1, 1, 1))).add(mean);
    x = translate(x, rng, n, c, h, w);
    return x.mul(cutoutMask(m, rng, n, h, w));
  }

  /** Shifts each image by whole pixels as two batched matrix products with shift matrices. */
  private static NDArray translate(NDArray x, SplittableRandom rng, int n, int c, int h, int w) {
    int maxY = Math.max(1, h / 8);
    int maxX = Math.max(1, w / 8);
    float[] rows = new float[n * c * h * h];
    float[] cols = new float[n * c * w * w];
    for (int i = 0; i < n; i++) {
      int dy = rng.nextInt(-maxY, maxY + 1);
      int dx = rng.nextInt(-maxX, maxX + 1);
      for (int ch = 0; ch < c; ch++) {
        int b = i * c + ch;
        for (int r = 0; r < h; r++) {
          int src = r - dy;
          if (src >= 0 && src < h) {
            rows[b * h * h + r * h + src] = 1; // out row r takes input row r - dy
          }
        }
        for (int col = 0; col < w; col++) {
          int src = col - dx;
          if (src >= 0 && src < w) {
            cols[b * w * w + src * w + col] = 1; // out column col takes input column col - dx
          }
        }
      }
    }
    NDManager m = x.getManager();
    NDArray flat = x.reshape(n * c, h, w);
    NDArray shifted = m.create(rows, new Shape(n * c, h, h)).matMul(flat)
        .matMul(m.create(cols, new Shape(n * c, w, w)));
    return shifted.reshape(n, c, h, w);
  }

  private static NDArray cutoutMask(NDManager m, SplittableRandom rng, int n, int h, int w) {
    float[] mask = new float[n * h * w];
    java.util.Arrays.fill(mask, 1f);
    int ch = h / 2;
    int cw = w / 2;
    for (int i = 0; i < n; i++) {
      int cy = rng.nextInt(h);
      int cx = rng.nextInt(w);
      for (int y = Math.max(0, cy - ch / 2); y < Math.min(h, cy - ch / 2 + ch); y++) {
        for (int x = Math.max(0, cx - cw / 2); x < Math.min(w, cx - cw / 2 + cw); x++) {
          mask[i * h * w + y * w + x] = 0;
        }
      }
    }
    return m.create(mask, new Shape(n, 1, h, w));
  }
}
