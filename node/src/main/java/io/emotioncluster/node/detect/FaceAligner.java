package io.emotioncluster.node.detect;

import io.emotioncluster.node.image.PixelImage;

/**
 * Cuts a face out of its frame for the expression model: rotated so that the eyes are level
 * (when the detector gave eye landmarks), square, with a margin, at the model's input size.
 * Pixels outside the frame are black, as the model's own padding. Bilinear sampling in plain
 * Java: a 112x112 crop is some 12,500 samples, far below the detector's cost.
 */
public final class FaceAligner {

  /** Margin on each side, as a fraction of the box's larger side. */
  public static final double DEFAULT_MARGIN = 0.20;

  private FaceAligner() {
  }

  /** The angle (radians, image coordinates, y down) by which the face is tilted; 0 without eyes. */
  public static double roll(DetectedFace face) {
    DetectedFace.Keypoint right = face.keypoint(DetectedFace.Kind.RIGHT_EYE);
    DetectedFace.Keypoint left = face.keypoint(DetectedFace.Kind.LEFT_EYE);
    if (right == null || left == null) {
      return 0;
    }
    // the person's right eye is on the image's left: level eyes give angle 0
    return Math.atan2(left.y() - right.y(), left.x() - right.x());
  }

  /**
   * An upright, square crop of {@code face} with {@code margin} around its box, {@code side}
   * pixels wide and high.
   */
  public static PixelImage align(PixelImage image, DetectedFace face, double margin, int side) {
    FaceBox b = face.box();
    double cx = b.x() + b.width() / 2.0;
    double cy = b.y() + b.height() / 2.0;
    double span = Math.max(b.width(), b.height()) * (1 + 2 * margin);
    double step = span / side; // source pixels per output pixel
    double angle = roll(face);
    double cos = Math.cos(angle) * step;
    double sin = Math.sin(angle) * step;
    int c = image.channels();
    byte[] src = image.pixels();
    int w = image.width();
    int h = image.height();
    byte[] out = new byte[side * side * c];
    double half = side / 2.0;
    for (int oy = 0; oy < side; oy++) {
      double dy = oy + 0.5 - half;
      for (int ox = 0; ox < side; ox++) {
        double dx = ox + 0.5 - half;
        // rotate the output offset by the face's roll: output "right" follows the eye line
        double sx = cx + dx * cos - dy * sin - 0.5;
        double sy = cy + dx * sin + dy * cos - 0.5;
        sample(src, w, h, c, sx, sy, out, (oy * side + ox) * c);
      }
    }
    return new PixelImage(side, side, c, out);
  }

  private static void sample(byte[] src, int w, int h, int c, double x, double y, byte[] out, int o) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    for (int ch = 0; ch < c; ch++) {
      double v = (1 - fx) * (1 - fy) * px(src, w, h, c, x0, y0, ch)
          + fx * (1 - fy) * px(src, w, h, c, x0 + 1, y0, ch)
          + (1 - fx) * fy * px(src, w, h, c, x0, y0 + 1, ch)
          + fx * fy * px(src, w, h, c, x0 + 1, y0 + 1, ch);
      out[o + ch] = (byte) Math.min(255, (int) Math.round(v));
    }
  }

  private static int px(byte[] src, int w, int h, int c, int x, int y, int ch) {
    if (x < 0 || y < 0 || x >= w || y >= h) {
      return 0;
    }
    return src[(y * w + x) * c + ch] & 0xFF;
  }
}
