package io.emotioncluster.node.detect;

import io.emotioncluster.node.image.ImageDecoder;
import io.emotioncluster.node.image.ImageLimits;
import io.emotioncluster.node.image.PixelImage;
import java.io.InputStream;

/** Test photos and the few transforms the detection tests derive from them. */
final class TestImages {

  private TestImages() {
  }

  static byte[] bytes(String resource) throws Exception {
    try (InputStream in = TestImages.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return in.readAllBytes();
    }
  }

  /** A photo of the labelled set ({@code src/test/resources/faces/}). */
  static PixelImage face(String file) throws Exception {
    return new ImageDecoder(ImageLimits.DEFAULT).decode(bytes("/faces/" + file));
  }

  /** Rotated by {@code degrees} (clockwise on screen) about the centre, same size, black corners. */
  static PixelImage rotate(PixelImage s, double degrees) {
    double a = Math.toRadians(degrees);
    double cos = Math.cos(a);
    double sin = Math.sin(a);
    int w = s.width();
    int h = s.height();
    int c = s.channels();
    byte[] out = new byte[w * h * c];
    double cx = w / 2.0;
    double cy = h / 2.0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // inverse mapping: where in the source this output pixel comes from
        double dx = x + 0.5 - cx;
        double dy = y + 0.5 - cy;
        int sx = (int) Math.floor(cx + dx * cos + dy * sin);
        int sy = (int) Math.floor(cy - dx * sin + dy * cos);
        if (sx >= 0 && sy >= 0 && sx < w && sy < h) {
          System.arraycopy(s.pixels(), (sy * w + sx) * c, out, (y * w + x) * c, c);
        }
      }
    }
    return new PixelImage(w, h, c, out);
  }

  /** Where a point lands under {@link #rotate}. */
  static double[] rotatePoint(double x, double y, int w, int h, double degrees) {
    double a = Math.toRadians(degrees);
    double dx = x - w / 2.0;
    double dy = y - h / 2.0;
    return new double[] {w / 2.0 + dx * Math.cos(a) - dy * Math.sin(a), h / 2.0 + dx * Math.sin(a) + dy * Math.cos(a)};
  }

  static PixelImage mirror(PixelImage s) {
    int w = s.width();
    int c = s.channels();
    byte[] out = new byte[s.pixels().length];
    for (int y = 0; y < s.height(); y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(s.pixels(), (y * w + x) * c, out, (y * w + (w - 1 - x)) * c, c);
      }
    }
    return new PixelImage(w, s.height(), c, out);
  }

  /** A copy with the rectangle painted mid-grey (a hand or an object in front of the face). */
  static PixelImage cover(PixelImage s, int x0, int y0, int w, int h) {
    byte[] out = s.pixels().clone();
    int c = s.channels();
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        for (int k = 0; k < c; k++) {
          out[(y * s.width() + x) * c + k] = (byte) 128;
        }
      }
    }
    return new PixelImage(s.width(), s.height(), c, out);
  }
}
