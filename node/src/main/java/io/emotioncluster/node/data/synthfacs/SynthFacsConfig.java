package io.emotioncluster.node.data.synthfacs;

import java.util.Locale;
import java.util.Objects;

/**
 * Everything that determines a SynthFACS data set. Two equal configs always generate identical
 * images, which is what makes a data set reproducible from a few numbers in a log or a model card.
 *
 * @param subjects number of distinct identities (people); subject ids are 0..subjects-1
 * @param imagesPerEmotion images of each of the 7 emotions per subject
 * @param difficulty 0 (strong, clean expressions) .. 1 (weak, noisy); see {@link DifficultyProfile}
 * @param seed master seed; identities and images are derived from it
 * @param imageSize output width and height in pixels
 * @param channels 1 (gray, luminance) or 3 (RGB)
 * @param style "line" (flat, outlined cartoon) or "shaded" (soft gradients, no outlines)
 */
public record SynthFacsConfig(int subjects, int imagesPerEmotion, double difficulty, long seed,
    int imageSize, int channels, String style) {

  public static final String STYLE_LINE = "line";
  public static final String STYLE_SHADED = "shaded";
  public static final int MIN_IMAGE_SIZE = 16;
  public static final int MAX_IMAGE_SIZE = 512;

  public SynthFacsConfig {
    if (subjects < 1) {
      throw new IllegalArgumentException("subjects must be >= 1, got " + subjects);
    }
    if (imagesPerEmotion < 1) {
      throw new IllegalArgumentException("imagesPerEmotion must be >= 1, got " + imagesPerEmotion);
    }
    // The negated form also rejects NaN.
    if (!(difficulty >= 0.0 && difficulty <= 1.0)) {
      throw new IllegalArgumentException("difficulty must be in [0, 1], got " + difficulty);
    }
    if (imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE) {
      throw new IllegalArgumentException("imageSize must be in [" + MIN_IMAGE_SIZE + ", "
          + MAX_IMAGE_SIZE + "], got " + imageSize);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 (gray) or 3 (RGB), got " + channels);
    }
    Objects.requireNonNull(style, "style");
    if (!style.equals(STYLE_LINE) && !style.equals(STYLE_SHADED)) {
      throw new IllegalArgumentException(
          "style must be \"" + STYLE_LINE + "\" or \"" + STYLE_SHADED + "\", got \"" + style + "\"");
    }
    // Overflow guard: size() is an int and random access indexes with it.
    if ((long) subjects * 7 * imagesPerEmotion > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("subjects * 7 * imagesPerEmotion exceeds "
          + Integer.MAX_VALUE + ": " + subjects + " * 7 * " + imagesPerEmotion);
    }
  }

  /** 60 subjects x 7 emotions x 4 = 1680 gray 48x48 line-style images at medium difficulty. */
  public static SynthFacsConfig defaults() {
    return new SynthFacsConfig(60, 4, 0.5, 0L, 48, 1, STYLE_LINE);
  }

  public SynthFacsConfig withSubjects(int s) {
    return new SynthFacsConfig(s, imagesPerEmotion, difficulty, seed, imageSize, channels, style);
  }

  public SynthFacsConfig withImagesPerEmotion(int n) {
    return new SynthFacsConfig(subjects, n, difficulty, seed, imageSize, channels, style);
  }

  public SynthFacsConfig withDifficulty(double d) {
    return new SynthFacsConfig(subjects, imagesPerEmotion, d, seed, imageSize, channels, style);
  }

  public SynthFacsConfig withSeed(long s) {
    return new SynthFacsConfig(subjects, imagesPerEmotion, difficulty, s, imageSize, channels, style);
  }

  public SynthFacsConfig withImageSize(int size) {
    return new SynthFacsConfig(subjects, imagesPerEmotion, difficulty, seed, size, channels, style);
  }

  public SynthFacsConfig withChannels(int c) {
    return new SynthFacsConfig(subjects, imagesPerEmotion, difficulty, seed, imageSize, c, style);
  }

  public SynthFacsConfig withStyle(String s) {
    return new SynthFacsConfig(subjects, imagesPerEmotion, difficulty, seed, imageSize, channels, s);
  }

  /** Total number of images: subjects x 7 emotions x imagesPerEmotion. */
  public int size() {
    return subjects * 7 * imagesPerEmotion;
  }

  /**
   * A locale-independent, field-ordered text form: the input of the data set fingerprint, so it
   * must never change for an existing config (add new fields only with a new generator version).
   */
  public String canonical() {
    return String.format(Locale.ROOT,
        "subjects=%d;imagesPerEmotion=%d;difficulty=%s;seed=%d;imageSize=%d;channels=%d;style=%s",
        subjects, imagesPerEmotion, Double.toString(difficulty), seed, imageSize, channels, style);
  }
}
