package io.emotioncluster.node.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** PNG encoding for generated images, sample grids and dataset export. */
public final class PngCodec {

  private PngCodec() {}

  public static byte[] encode(PixelImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(image.pixels().length / 2 + 256);
      ImageIO.write(ImageDecoder.toBuffered(image), "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
