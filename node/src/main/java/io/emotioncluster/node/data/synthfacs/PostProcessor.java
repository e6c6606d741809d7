package io.emotioncluster.node.data.synthfacs;

import java.util.random.RandomGenerator;

/**
 * Turns the supersampled rendering into the final pixels: area downsampling (anti-aliasing),
 * then the photometric nuisance of a camera: uneven light, exposure, blur and sensor noise.
 * Works on float planes so the steps do not compound rounding errors.
 */
final class PostProcessor {

  private PostProcessor() {
  }

  /**
   * @param argb supersampled image, {@code size * factor} square, packed RGB
   * @param blurSigma total blur in output pixels (nuisance plus style softening)
   * @param noiseRng the image's own stream, so noise is as deterministic as everything else
   */
  static byte[] finish(int[] argb, int size, int factor, int channels, Nuisance n,
      double blurSigma, RandomGenerator noiseRng) {
    float[][] planes = downsample(argb, size, factor, channels);
    for (float[] plane : planes) {
      light(plane, size, n);
      if (blurSigma > 0.05) {
        blur(plane, size, blurSigma);
      }
    }
    return quantise(planes, size, channels, n.noiseSigma(), noiseRng);
  }

  /** Box average of each factor x factor block; gray output is luminance (ITU-R BT.601). */
  static float[][] downsample(int[] argb, int size, int factor, int channels) {
    int src = size * factor;
    float norm = 1f / (factor * factor);
    float[][] out = new float[channels][size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        float r = 0;
        float gr = 0;
        float b = 0;
        for (int dy = 0; dy < factor; dy++) {
          int row = (y * factor + dy) * src + x * factor;
          for (int dx = 0; dx < factor; dx++) {
            int p = argb[row + dx];
            r += (p >> 16) & 0xFF;
            gr += (p >> 8) & 0xFF;
            b += p & 0xFF;
          }
        }
        int i = y * size + x;
        if (channels == 1) {
          out[0][i] = (0.299f * r + 0.587f * gr + 0.114f * b) * norm;
        } else {
          out[0][i] = r * norm;
          out[1][i] = gr * norm;
          out[2][i] = b * norm;
        }
      }
    }
    return out;
  }

  /** A linear light gradient across the image, then exposure (contrast about mid-gray). */
  static void light(float[] plane, int size, Nuisance n) {
    double half = size / 2.0;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double along = ((x + 0.5 - half) * n.lightDirX() + (y + 0.5 - half) * n.lightDirY()) / half;
        double v = plane[y * size + x] * (1 + n.lightStrength() * along);
        v = (v - 128) * n.contrast() + 128 + 255 * n.brightness();
        plane[y * size + x] = (float) v;
      }
    }
  }

  /** Separable Gaussian blur with edge clamping. */
  static void blur(float[] plane, int size, double sigma) {
    int radius = Math.max(1, (int) Math.ceil(3 * sigma));
    float[] k = new float[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      double w = Math.exp(-(i * i) / (2 * sigma * sigma));
      k[i + radius] = (float) w;
      sum += w;
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= (float) sum;
    }
    float[] tmp = new float[plane.length];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        float acc = 0;
        for (int i = -radius; i <= radius; i++) {
          int xx = Math.min(size - 1, Math.max(0, x + i));
          acc += k[i + radius] * plane[y * size + xx];
        }
        tmp[y * size + x] = acc;
      }
    }
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        float acc = 0;
        for (int i = -radius; i <= radius; i++) {
          int yy = Math.min(size - 1, Math.max(0, y + i));
          acc += k[i + radius] * tmp[yy * size + x];
        }
        plane[y * size + x] = acc;
      }
    }
  }

  /** Adds Gaussian noise, rounds and clamps into interleaved HWC bytes. */
  static byte[] quantise(float[][] planes, int size, int channels, double noiseSigma,
      RandomGenerator rng) {
    byte[] out = new byte[size * size * channels];
    for (int i = 0; i < size * size; i++) {
      for (int c = 0; c < channels; c++) {
        double v = planes[c][i];
        if (noiseSigma > 0) {
          v += noiseSigma * rng.nextGaussian();
        }
        long q = Math.round(v);
        out[i * channels + c] = (byte) (q < 0 ? 0 : q > 255 ? 255 : q);
      }
    }
    return out;
  }
}
