package io.emotioncluster.node.image;

import java.util.Objects;

/**
 * Decoded 8-bit pixels, row-major, channels interleaved (HWC): 1 = gray, 3 = RGB.
 * The single in-memory image type that decoders, datasets and preprocessing share.
 */
public record PixelImage(int width, int height, int channels, byte[] pixels) {

  public PixelImage {
    Objects.requireNonNull(pixels, "pixels");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if ((long) width * height * channels != pixels.length) {
      throw new IllegalArgumentException("expected " + (long) width * height * channels
          + " bytes for " + width + "x" + height + "x" + channels + ", got " + pixels.length);
    }
  }

  /** Value of one channel at (x, y), 0..255. */
  public int get(int x, int y, int c) {
    return pixels[(y * width + x) * channels + c] & 0xFF;
  }
}
