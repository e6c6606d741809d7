package io.emotioncluster.node.generator;

import io.emotioncluster.node.image.PixelImage;
import java.util.List;

/** Tiles equally sized images into one, row by row (progress samples, contact sheets). */
public final class SampleGrid {

  private SampleGrid() {}

  public static PixelImage tile(List<PixelImage> images, int columns) {
    PixelImage first = images.get(0);
    int w = first.width();
    int h = first.height();
    int c = first.channels();
    int rows = (images.size() + columns - 1) / columns;
    byte[] px = new byte[rows * h * columns * w * c];
    int rowBytes = columns * w * c;
    for (int i = 0; i < images.size(); i++) {
      int ox = (i % columns) * w;
      int oy = (i / columns) * h;
      byte[] src = images.get(i).pixels();
      for (int y = 0; y < h; y++) {
        System.arraycopy(src, y * w * c, px, (oy + y) * rowBytes + ox * c, w * c);
      }
    }
    return new PixelImage(columns * w, rows * h, c, px);
  }
}
