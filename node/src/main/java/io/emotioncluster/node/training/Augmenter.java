package io.emotioncluster.node.training;

import io.emotioncluster.node.image.InputSpec;
import java.util.Objects;
import java.util.Random;

/**
 * Training-time image augmentation applied in place to one preprocessed CHW image (floats in
 * [0,1], laid out as {@link InputSpec} describes) inside a batch buffer.
 *
 * <p>Per image, {@link #apply} draws one set of parameters (shared by all channels):
 *
 * <ol>
 *   <li>a horizontal flip with probability 0.5 (if enabled);
 *   <li>a rotation about the image centre, uniform in ±{@code maxRotationDegrees};
 *   <li>a shift, uniform in ±{@code maxShiftFraction * width} in x and ±{@code maxShiftFraction *
 *       height} in y;
 *   <li>a contrast factor, uniform in {@code 1 ± contrast}, applied around the image mean (mean
 *       over all channels, so colour balance is kept);
 *   <li>a brightness offset, uniform in ±{@code brightness}, added to every value.
 * </ol>
 *
 * <p>Flip, rotation and shift are done as one inverse-mapped affine warp with bilinear sampling
 * and replicate-border (edge clamping), so no image ever gets black corners and only one
 * resampling happens. The result is clamped to [0,1].
 *
 * <p>Output depends only on the input and the state of the {@link Random} passed in; parameters
 * for disabled transforms are not drawn.
 *
 * <p><b>Not thread-safe:</b> an instance reuses an internal scratch buffer, so it must be used by
 * one thread at a time (the training thread). Give each thread its own instance.
 */
public final class Augmenter {

  /**
   * What to randomise. Magnitudes are maxima of symmetric uniform ranges; zero disables a
   * transform.
   *
   * @param flip horizontal flip with probability 0.5
   * @param maxRotationDegrees rotation uniform in ±this, degrees, in [0, 180]
   * @param maxShiftFraction shift uniform in ±this × side length, in [0, 1]
   * @param brightness additive offset uniform in ±this (values are in [0,1]), in [0, 1]
   * @param contrast contrast factor uniform in 1 ± this, around the image mean, in [0, 1)
   */
  public record Options(boolean flip, double maxRotationDegrees, double maxShiftFraction,
      double brightness, double contrast) {

    public Options {
      check("maxRotationDegrees", maxRotationDegrees, 180, true);
      check("maxShiftFraction", maxShiftFraction, 1, true);
      check("brightness", brightness, 1, true);
      check("contrast", contrast, 1, false);
    }

    private static void check(String name, double v, double max, boolean maxInclusive) {
      if (!(v >= 0) || v > max || (!maxInclusive && v == max)) {
        throw new IllegalArgumentException(name + " must be in [0, " + max
            + (maxInclusive ? "]" : ")") + ", got " + v);
      }
    }

    /** Flip, ±10°, ±8% shift, ±0.1 brightness, ±15% contrast. */
    public static Options defaults() {
      return new Options(true, 10, 0.08, 0.1, 0.15);
    }

    /** No augmentation: {@link Augmenter#apply} leaves images untouched. */
    public static Options none() {
      return new Options(false, 0, 0, 0, 0);
    }

    /** Whether any transform is enabled. */
    public boolean enabled() {
      return flip || maxRotationDegrees > 0 || maxShiftFraction > 0 || brightness > 0 || contrast > 0;
    }
  }

  private static final int FRAC_BITS = 24;
  private static final long ONE = 1L << FRAC_BITS;
  private static final long FRAC_MASK = ONE - 1;
  private static final float INV_ONE = 1f / ONE;

  private final Options options;
  private final int width;
  private final int height;
  private final int channels;
  private final int plane;
  private final int size;
  private final double maxRotationRad;
  private final double maxShiftX;
  private final double maxShiftY;
  /** Copy of the source image during a warp; reused, hence the class is not thread-safe. */
  private final float[] scratch;

  public Augmenter(Options options, InputSpec spec) {
    this.options = Objects.requireNonNull(options, "options");
    Objects.requireNonNull(spec, "spec");
    this.width = spec.width();
    this.height = spec.height();
    this.channels = spec.channels();
    this.plane = width * height;
    this.size = spec.size();
    this.maxRotationRad = Math.toRadians(options.maxRotationDegrees());
    this.maxShiftX = options.maxShiftFraction() * width;
    this.maxShiftY = options.maxShiftFraction() * height;
    this.scratch = new float[size];
  }

  public Options options() {
    return options;
  }

  /**
   * Augments the CHW image at {@code buffer[offset .. offset + spec.size())} in place with freshly
   * drawn random parameters. Draws from {@code random} only for enabled transforms, in the order
   * flip, rotation, shift x, shift y, contrast, brightness.
   */
  public void apply(float[] buffer, int offset, Random random) {
    Objects.checkFromIndexSize(offset, size, buffer.length);
    if (!options.enabled()) {
      return;
    }
    boolean flip = options.flip() && random.nextBoolean();
    double angle = maxRotationRad > 0 ? uniform(random, maxRotationRad) : 0;
    double dx = maxShiftX > 0 ? uniform(random, maxShiftX) : 0;
    double dy = maxShiftY > 0 ? uniform(random, maxShiftY) : 0;
    double contrast = options.contrast() > 0 ? 1 + uniform(random, options.contrast()) : 1;
    double brightness = options.brightness() > 0 ? uniform(random, options.brightness()) : 0;
    warp(buffer, offset, flip, angle, dx, dy, contrast, brightness);
  }

  private static double uniform(Random random, double max) {
    return (2 * random.nextDouble() - 1) * max;
  }

  /**
   * The deterministic core of {@link #apply}, with explicit parameters.
   *
   * <p>Geometry (forward view): the image is mirrored horizontally if {@code flip}, then rotated
   * by {@code angleRad} about the centre ((w-1)/2, (h-1)/2) (positive = clockwise on screen, since
   * y points down), then moved by ({@code dx}, {@code dy}) pixels, so that content at x ends up at
   * x + dx. It is computed by mapping every output pixel back to a source position, sampled
   * bilinearly with coordinates clamped to the image (replicate border).
   *
   * <p>Photometric: {@code v = mean + contrast * (v - mean) + brightness}, with {@code mean} the
   * mean of the warped image over all channels; {@code contrast} is the factor (1 = unchanged).
   * Finally values are clamped to [0,1].
   */
  void warp(float[] buf, int off, boolean flip, double angleRad, double dx, double dy,
      double contrast, double brightness) {
    Objects.checkFromIndexSize(off, size, buf.length);
    boolean geometric = flip || angleRad != 0 || dx != 0 || dy != 0;
    double sum;
    if (geometric) {
      sum = resample(buf, off, flip, angleRad, dx, dy);
    } else {
      sum = 0;
      if (contrast != 1) {
        for (int i = off, end = off + size; i < end; i++) {
          sum += buf[i];
        }
      }
    }
    // v' = mean + c (v - mean) + b = c v + (1 - c) mean + b
    float scale = (float) contrast;
    float bias = (float) ((1 - contrast) * (sum / size) + brightness);
    for (int i = off, end = off + size; i < end; i++) {
      buf[i] = Math.min(Math.max(buf[i] * scale + bias, 0f), 1f);
    }
  }

  /**
   * Affine warp of {@code buf[off..]} in place via {@link #scratch}; returns the sum of the output.
   *
   * <p>Source coordinates are stepped along each row in 64-bit fixed point with {@link #FRAC_BITS}
   * fractional bits: exact for integer coordinates (identity, flips, whole-pixel shifts), error
   * below 1e-7 px per pixel step otherwise, and much faster than per-pixel double-to-int
   * conversions.
   */
  private double resample(float[] buf, int off, boolean flip, double angleRad, double dx, double dy) {
    System.arraycopy(buf, off, scratch, 0, size);
    final float[] src = scratch;
    final int w = width;
    final int h = height;
    final double cx = (w - 1) / 2.0;
    final double cy = (h - 1) / 2.0;
    final double c = Math.cos(angleRad);
    final double s = Math.sin(angleRad);
    final double f = flip ? -1 : 1;
    // Inverse map of output (x, y): u = x - cx - dx, v = y - cy - dy,
    // sx = cx + f (c u + s v), sy = cy - s u + c v. Written as sx = m00 x + m01 y + m02, etc.
    final double px = cx + dx;
    final double py = cy + dy;
    final double m00 = f * c;
    final double m01 = f * s;
    final double m02 = cx - f * (c * px + s * py);
    final double m10 = -s;
    final double m11 = c;
    final double m12 = cy + s * px - c * py;

    final long stepX = Math.round(m00 * ONE);
    final long stepY = Math.round(m10 * ONE);
    final long xMax = (long) (w - 1) << FRAC_BITS;
    final long yMax = (long) (h - 1) << FRAC_BITS;
    final int lastX = w - 1;
    final int lastY = h - 1;
    final int chans = channels;
    final int pl = plane;
    double sum = 0;
    int out = off;
    for (int y = 0; y < h; y++) {
      long sx = Math.round((m01 * y + m02) * ONE);
      long sy = Math.round((m11 * y + m12) * ONE);
      float rowSum = 0;
      for (int x = 0; x < w; x++, out++, sx += stepX, sy += stepY) {
        // Clamping the coordinate == bilinear sampling of a replicate-padded image.
        final long qx = Math.min(Math.max(sx, 0L), xMax);
        final long qy = Math.min(Math.max(sy, 0L), yMax);
        final int x0 = (int) (qx >>> FRAC_BITS);
        final int y0 = (int) (qy >>> FRAC_BITS);
        final float fx = (qx & FRAC_MASK) * INV_ONE;
        final float fy = (qy & FRAC_MASK) * INV_ONE;
        final int nx = x0 < lastX ? 1 : 0;
        final int ny = y0 < lastY ? w : 0;
        int i = y0 * w + x0;
        if (chans == 1) {
          final float v = bilinear(src[i], src[i + nx], src[i + ny], src[i + ny + nx], fx, fy);
          buf[out] = v;
          rowSum += v;
        } else {
          for (int ch = 0, o = out; ch < chans; ch++, i += pl, o += pl) {
            final float v = bilinear(src[i], src[i + nx], src[i + ny], src[i + ny + nx], fx, fy);
            buf[o] = v;
            rowSum += v;
          }
        }
      }
      sum += rowSum;
    }
    return sum;
  }

  /** Exact at fx = 0 / fy = 0 and for equal corners. */
  private static float bilinear(float a, float b, float c, float d, float fx, float fy) {
    final float top = a + fx * (b - a);
    final float bottom = c + fx * (d - c);
    return top + fy * (bottom - top);
  }
}
