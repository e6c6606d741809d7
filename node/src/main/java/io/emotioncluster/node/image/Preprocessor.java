package io.emotioncluster.node.image;

/**
 * The one preprocessing path shared by training and serving: channel conversion, resize to the
 * model's input, normalisation, HWC bytes to CHW floats. Training data and client images both
 * arrive as {@link PixelImage}, so they cannot drift apart.
 */
public final class Preprocessor {

  private final InputSpec spec;

  public Preprocessor(InputSpec spec) {
    this.spec = spec;
  }

  public InputSpec spec() {
    return spec;
  }

  /** A new CHW float array of {@code spec.size()} values. */
  public float[] apply(PixelImage image) {
    float[] out = new float[spec.size()];
    apply(image, out, 0);
    return out;
  }

  /** Writes CHW floats into {@code out} starting at {@code offset} (batch assembly). */
  public void apply(PixelImage image, float[] out, int offset) {
    PixelImage converted = convertChannels(image, spec.channels());
    PixelImage sized = Resize.to(converted, spec.width(), spec.height());
    int plane = spec.width() * spec.height();
    int c = spec.channels();
    byte[] px = sized.pixels();
    float scale = 1f / 255f;
    for (int i = 0; i < plane; i++) {
      for (int ch = 0; ch < c; ch++) {
        out[offset + ch * plane + i] = (px[i * c + ch] & 0xFF) * scale;
      }
    }
  }

  /** Gray uses ITU-R BT.601 luma; gray to RGB replicates. */
  static PixelImage convertChannels(PixelImage img, int channels) {
    if (img.channels() == channels) {
      return img;
    }
    int n = img.width() * img.height();
    byte[] src = img.pixels();
    if (channels == 1) {
      byte[] gray = new byte[n];
      for (int i = 0; i < n; i++) {
        int r = src[3 * i] & 0xFF;
        int g = src[3 * i + 1] & 0xFF;
        int b = src[3 * i + 2] & 0xFF;
        gray[i] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
      }
      return new PixelImage(img.width(), img.height(), 1, gray);
    }
    byte[] rgb = new byte[n * 3];
    for (int i = 0; i < n; i++) {
      rgb[3 * i] = src[i];
      rgb[3 * i + 1] = src[i];
      rgb[3 * i + 2] = src[i];
    }
    return new PixelImage(img.width(), img.height(), 3, rgb);
  }
}
