package io.emotioncluster.node.image;

/**
 * What a model expects: square or not, gray or RGB, and how pixels become floats. Stored with
 * every model version so serving preprocesses exactly as training did.
 */
public record InputSpec(int width, int height, int channels, String normalization) {

  /** Pixels divided by 255. */
  public static final String SCALE_0_1 = "scale-0-1";

  /**
   * face-api's preprocessing (imported models): RGB padded to a square with black (centred, as
   * face-api's padToSquare), bilinear resize as TF.js resizeBilinear, then (v - mean RGB) / 255.
   */
  public static final String FACEAPI_MEAN = "faceapi-mean";

  public InputSpec {
    if (width <= 0 || height <= 0 || (channels != 1 && channels != 3)) {
      throw new IllegalArgumentException("bad input spec " + width + "x" + height + "x" + channels);
    }
    if (!SCALE_0_1.equals(normalization) && !FACEAPI_MEAN.equals(normalization)) {
      throw new IllegalArgumentException("unknown normalization " + normalization);
    }
  }

  public static InputSpec of(int width, int height, int channels) {
    return new InputSpec(width, height, channels, SCALE_0_1);
  }

  public int size() {
    return width * height * channels;
  }
}
