package io.emotioncluster.node.image;

import io.emotioncluster.node.ServiceException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns what a client sent (an encoded file or raw pixels) into a {@link PixelImage}, enforcing
 * {@link ImageLimits} before any large allocation: the header is read first so a 20000x20000 PNG
 * is refused without decoding it. JPEG pixels come from OpenCV's native decoder ({@link NativeJpeg},
 * ten times faster than ImageIO on camera frames); other formats, and JPEGs OpenCV cannot read,
 * from ImageIO.
 */
public final class ImageDecoder {

  static {
    ImageIO.setUseCache(false); // no temp files per decode
  }

  private final ImageLimits limits;

  public ImageDecoder(ImageLimits limits) {
    this.limits = limits;
  }

  public ImageLimits limits() {
    return limits;
  }

  /** Decodes PNG, JPEG, BMP or GIF bytes. */
  public PixelImage decode(byte[] encoded) {
    if (encoded == null || encoded.length == 0) {
      throw ServiceException.invalid("image is empty: send an encoded PNG/JPEG/BMP/GIF file in "
          + "image.encoded or raw pixels in image.raw");
    }
    if (encoded.length > limits.maxEncodedBytes()) {
      throw ServiceException.invalid("encoded image is " + encoded.length + " bytes; the limit is "
          + limits.maxEncodedBytes() + " bytes");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw ServiceException.invalid("image bytes are not a PNG, JPEG, BMP or GIF file ("
            + encoded.length + " bytes, starting " + hexPrefix(encoded) + ")");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        checkSize(width, height);
        if ("jpeg".equalsIgnoreCase(reader.getFormatName())) {
          PixelImage fast = nativeJpeg(encoded);
          if (fast != null && fast.width() == width && fast.height() == height) {
            return fast;
          }
        }
        return fromBuffered(reader.read(0));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ServiceException se) {
        throw se;
      }
      throw ServiceException.invalid("image could not be decoded: " + e.getMessage());
    }
  }

  /** OpenCV's JPEG decoder when it loads; null (ImageIO decodes) when it does not. */
  private static PixelImage nativeJpeg(byte[] encoded) {
    if (!nativeJpegWorks) {
      return null;
    }
    try {
      return NativeJpeg.decode(encoded);
    } catch (LinkageError e) {
      nativeJpegWorks = false; // no OpenCV native for this platform: ImageIO from now on
      return null;
    } catch (RuntimeException e) {
      return null; // ImageIO decides whether the file is broken, and says why
    }
  }

  private static volatile boolean nativeJpegWorks = true;

  /** Accepts raw 8-bit HWC pixels; 4 channels are RGBA and the alpha is dropped. */
  public PixelImage fromRaw(byte[] pixels, int width, int height, int channels) {
    if (width <= 0 || height <= 0) {
      throw ServiceException.invalid("raw image width and height must be at least 1, got "
          + width + "x" + height);
    }
    if (channels != 1 && channels != 3 && channels != 4) {
      throw ServiceException.invalid("raw image channels must be 1 (gray), 3 (RGB) or 4 (RGBA), got "
          + channels);
    }
    checkSize(width, height);
    long expected = (long) width * height * channels;
    if (pixels == null || pixels.length != expected) {
      throw ServiceException.invalid("raw image of " + width + "x" + height + "x" + channels
          + " needs exactly " + expected + " bytes, got " + (pixels == null ? 0 : pixels.length));
    }
    if (channels != 4) {
      return new PixelImage(width, height, channels, pixels);
    }
    byte[] rgb = new byte[width * height * 3];
    for (int i = 0, o = 0; i < pixels.length; i += 4, o += 3) {
      rgb[o] = pixels[i];
      rgb[o + 1] = pixels[i + 1];
      rgb[o + 2] = pixels[i + 2];
    }
    return new PixelImage(width, height, 3, rgb);
  }

  private void checkSize(int width, int height) {
    if (width > limits.maxSide() || height > limits.maxSide()) {
      throw ServiceException.invalid("image is " + width + "x" + height + " px; the limit is "
          + limits.maxSide() + " px per side");
    }
    if ((long) width * height > limits.maxPixels()) {
      throw ServiceException.invalid("image has " + (long) width * height + " pixels; the limit is "
          + limits.maxPixels() + " pixels");
    }
  }

  /** Keeps gray images gray (1 channel) and everything else RGB. */
  public static PixelImage fromBuffered(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      byte[] gray = new byte[w * h];
      img.getRaster().getDataElements(0, 0, w, h, gray);
      return new PixelImage(w, h, 1, gray);
    }
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      rgb[3 * i] = (byte) (p >> 16);
      rgb[3 * i + 1] = (byte) (p >> 8);
      rgb[3 * i + 2] = (byte) p;
    }
    return new PixelImage(w, h, 3, rgb);
  }

  /** The inverse of {@link #fromBuffered}, used to write PNGs. */
  public static BufferedImage toBuffered(PixelImage img) {
    int w = img.width();
    int h = img.height();
    if (img.channels() == 1) {
      BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      out.getRaster().setDataElements(0, 0, w, h, img.pixels());
      return out;
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    byte[] p = img.pixels();
    int[] rgb = new int[w * h];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (p[3 * i] & 0xFF) << 16 | (p[3 * i + 1] & 0xFF) << 8 | (p[3 * i + 2] & 0xFF);
    }
    out.setRGB(0, 0, w, h, rgb, 0, w);
    return out;
  }

  private static String hexPrefix(byte[] b) {
    StringBuilder sb = new StringBuilder("0x");
    for (int i = 0; i < Math.min(4, b.length); i++) {
      sb.append(String.format("%02x", b[i] & 0xFF));
    }
    return sb.toString();
  }
}
