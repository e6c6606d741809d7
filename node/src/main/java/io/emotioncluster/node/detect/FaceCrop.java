package io.emotioncluster.node.detect;

import io.emotioncluster.node.image.PixelImage;

/** Cuts a detected face out of its image with a margin around it, clamped to the image. */
public final class FaceCrop {

  /** Margin added on each side, as a fraction of the box's width/height. */
  public static final double DEFAULT_MARGIN = 0.20;

  private FaceCrop() {
  }

  /** The region of {@code image} that {@link #crop} takes for {@code box}. */
  public static FaceBox expand(FaceBox box, int imageWidth, int imageHeight, double margin) {
    int mx = (int) Math.round(box.width() * margin);
    int my = (int) Math.round(box.height() * margin);
    int x0 = Math.max(0, box.x() - mx);
    int y0 = Math.max(0, box.y() - my);
    int x1 = Math.min(imageWidth, box.x() + box.width() + mx);
    int y1 = Math.min(imageHeight, box.y() + box.height() + my);
    if (x1 <= x0 || y1 <= y0) {
      throw new IllegalArgumentException("face box " + box + " lies outside the "
          + imageWidth + "x" + imageHeight + " image");
    }
    return new FaceBox(x0, y0, x1 - x0, y1 - y0);
  }

  public static PixelImage crop(PixelImage image, FaceBox box) {
    return crop(image, box, DEFAULT_MARGIN);
  }

  public static PixelImage crop(PixelImage image, FaceBox box, double margin) {
    FaceBox r = expand(box, image.width(), image.height(), margin);
    int c = image.channels();
    byte[] out = new byte[r.width() * r.height() * c];
    int rowBytes = r.width() * c;
    for (int y = 0; y < r.height(); y++) {
      System.arraycopy(image.pixels(), ((r.y() + y) * image.width() + r.x()) * c, out, y * rowBytes,
          rowBytes);
    }
    return new PixelImage(r.width(), r.height(), c, out);
  }
}
