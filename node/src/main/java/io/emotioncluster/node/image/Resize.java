package io.emotioncluster.node.image;

/**
 * Resampling: area averaging when shrinking (no aliasing on large camera frames), bilinear when
 * enlarging. Pure Java so results are identical on every node.
 */
public final class Resize {

  private Resize() {}

  public static PixelImage to(PixelImage src, int width, int height) {
    if (src.width() == width && src.height() == height) {
      return src;
    }
    if (width <= src.width() && height <= src.height()) {
      return area(src, width, height);
    }
    return bilinear(src, width, height);
  }

  private static PixelImage area(PixelImage src, int w, int h) {
    int c = src.channels();
    byte[] out = new byte[w * h * c];
    double sx = (double) src.width() / w;
    double sy = (double) src.height() / h;
    double[] acc = new double[c];
    for (int y = 0; y < h; y++) {
      double y0 = y * sy;
      double y1 = y0 + sy;
      for (int x = 0; x < w; x++) {
        double x0 = x * sx;
        double x1 = x0 + sx;
        java.util.Arrays.fill(acc, 0);
        double total = 0;
        for (int yy = (int) y0; yy < Math.min(src.height(), Math.ceil(y1)); yy++) {
          double wy = Math.min(y1, yy + 1) - Math.max(y0, yy);
          for (int xx = (int) x0; xx < Math.min(src.width(), Math.ceil(x1)); xx++) {
            double wgt = wy * (Math.min(x1, xx + 1) - Math.max(x0, xx));
            if (wgt <= 0) {
              continue;
            }
            total += wgt;
            for (int ch = 0; ch < c; ch++) {
              acc[ch] += wgt * src.get(xx, yy, ch);
            }
          }
        }
        for (int ch = 0; ch < c; ch++) {
          out[(y * w + x) * c + ch] = (byte) Math.round(acc[ch] / total);
        }
      }
    }
    return new PixelImage(w, h, c, out);
  }

  private static PixelImage bilinear(PixelImage src, int w, int h) {
    int c = src.channels();
    byte[] out = new byte[w * h * c];
    double sx = (double) src.width() / w;
    double sy = (double) src.height() / h;
    for (int y = 0; y < h; y++) {
      double fy = Math.max(0, (y + 0.5) * sy - 0.5);
      int y0 = Math.min((int) fy, src.height() - 1);
      int y1 = Math.min(y0 + 1, src.height() - 1);
      double dy = fy - y0;
      for (int x = 0; x < w; x++) {
        double fx = Math.max(0, (x + 0.5) * sx - 0.5);
        int x0 = Math.min((int) fx, src.width() - 1);
        int x1 = Math.min(x0 + 1, src.width() - 1);
        double dx = fx - x0;
        for (int ch = 0; ch < c; ch++) {
          double top = src.get(x0, y0, ch) * (1 - dx) + src.get(x1, y0, ch) * dx;
          double bottom = src.get(x0, y1, ch) * (1 - dx) + src.get(x1, y1, ch) * dx;
          out[(y * w + x) * c + ch] = (byte) Math.round(top * (1 - dy) + bottom * dy);
        }
      }
    }
    return new PixelImage(w, h, c, out);
  }
}
