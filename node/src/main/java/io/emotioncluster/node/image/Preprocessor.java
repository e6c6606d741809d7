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
    if (InputSpec.FACEAPI_MEAN.equals(spec.normalization())) {
      applyFaceApi(convertChannels(image, spec.channels()), out, offset);
      return;
    }
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

  /** face-api's per-channel mean (R, G, B) of {@link InputSpec#FACEAPI_MEAN}. */
  static final float[] FACEAPI_MEAN_RGB = {122.782f, 117.001f, 104.298f};

  /**
   * face-api's FaceFeatureExtractor input (NetInput.toBatchTensor(112, true) and normalize): the
   * image is padded with zeros to a square, round(diff / 2) rows or columns after it and the rest
   * before; resized like TF.js resizeBilinear (alignCorners and halfPixelCenters false) without
   * rounding to bytes; then (v - mean) / 255 per channel.
   */
  private void applyFaceApi(PixelImage img, float[] out, int offset) {
    int w = img.width();
    int h = img.height();
    int side = Math.max(w, h);
    int diff = side - Math.min(w, h);
    int before = diff - (int) Math.round(diff * 0.5); // JS Math.round(diff * 0.5) goes after
    int offX = w < h ? before : 0;
    int offY = h < w ? before : 0;
    int ow = spec.width();
    int oh = spec.height();
    int plane = ow * oh;
    double scaleY = (double) side / oh;
    double scaleX = (double) side / ow;
    for (int y = 0; y < oh; y++) {
      double sy = y * scaleY;
      int y0 = (int) Math.floor(sy);
      int y1 = Math.min(side - 1, (int) Math.ceil(sy));
      double fy = sy - y0;
      for (int x = 0; x < ow; x++) {
        double sx = x * scaleX;
        int x0 = (int) Math.floor(sx);
        int x1 = Math.min(side - 1, (int) Math.ceil(sx));
        double fx = sx - x0;
        for (int ch = 0; ch < 3; ch++) {
          double tl = padded(img, x0 - offX, y0 - offY, ch);
          double tr = padded(img, x1 - offX, y0 - offY, ch);
          double bl = padded(img, x0 - offX, y1 - offY, ch);
          double br = padded(img, x1 - offX, y1 - offY, ch);
          double top = tl + (tr - tl) * fx;
          double bottom = bl + (br - bl) * fx;
          double v = top + (bottom - top) * fy;
          out[offset + ch * plane + y * ow + x] = (float) ((v - FACEAPI_MEAN_RGB[ch]) / 255.0);
        }
      }
    }
  }

  private static double padded(PixelImage img, int x, int y, int ch) {
    return x < 0 || y < 0 || x >= img.width() || y >= img.height() ? 0 : img.get(x, y, ch);
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
