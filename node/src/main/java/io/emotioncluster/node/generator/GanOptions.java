package io.emotioncluster.node.generator;

import io.emotioncluster.api.v1.GeneratorConfig;
import io.emotioncluster.node.ServiceException;

/**
 * A {@link GeneratorConfig} checked and completed with defaults. The defaults are sized for a
 * two-core CPU (see docs/generator.md for the measured step times); every limit is reported as
 * INVALID_ARGUMENT naming the field and the allowed range.
 */
public record GanOptions(int resolution, int channels, int latentSize, int mappingLayers, int baseWidth,
    int steps, int batchSize, float learningRate, float r1Gamma, int r1Interval, float emaHalfLifeImages,
    boolean diffAugment, int sampleEvery, long seed, int qualityImagesPerEmotion) {

  public static final int DEFAULT_RESOLUTION = 32;
  public static final int DEFAULT_LATENT = 64;
  public static final int DEFAULT_MAPPING_LAYERS = 2;
  public static final int DEFAULT_BASE_WIDTH = 64;
  public static final int DEFAULT_STEPS = 800;
  public static final int DEFAULT_BATCH = 16;
  public static final int MAX_STEPS = 1_000_000;
  public static final int MAX_BATCH = 256;
  public static final int MAX_LATENT = 1024;
  public static final int MAX_WIDTH = 1024;
  public static final int MAX_MAPPING_LAYERS = 8;
  public static final int MAX_QUALITY_IMAGES = 2000;

  /** @param datasetChannels the channels of the training images, used when config.channels is 0 */
  public static GanOptions of(GeneratorConfig c, int datasetChannels) {
    int res = c.getResolution() == 0 ? DEFAULT_RESOLUTION : c.getResolution();
    if (res < 8 || res > 256 || Integer.bitCount(res) != 1) {
      throw ServiceException.invalid("generator.resolution must be a power of two in [8, 256], got " + res);
    }
    int channels = c.getChannels() == 0 ? datasetChannels : c.getChannels();
    if (channels != 1 && channels != 3) {
      throw ServiceException.invalid("generator.channels must be 1 or 3, got " + channels);
    }
    int latent = within("generator.latent_size", c.getLatentSize(), DEFAULT_LATENT, 4, MAX_LATENT);
    int mapping = within("generator.mapping_layers", c.getMappingLayers(), DEFAULT_MAPPING_LAYERS, 1,
        MAX_MAPPING_LAYERS);
    int width = within("generator.base_width", c.getBaseWidth(), DEFAULT_BASE_WIDTH, 8, MAX_WIDTH);
    int steps = within("generator.steps", c.getSteps(), DEFAULT_STEPS, 1, MAX_STEPS);
    int batch = within("generator.batch_size", c.getBatchSize(), DEFAULT_BATCH, 2, MAX_BATCH);
    float lr = c.getLearningRate() == 0 ? 0.002f : c.getLearningRate();
    if (!(lr > 0 && lr <= 0.1f)) {
      throw ServiceException.invalid("generator.learning_rate must be in (0, 0.1], got " + lr);
    }
    // StyleGAN2-ADA's heuristic 0.0002 R^2 / batch: gamma 1 flattened D completely at 16-32 px
    float gamma = c.getR1Gamma() == 0 ? 0.0002f * res * res / batch : c.getR1Gamma();
    if (!(gamma >= 0 && gamma <= 1000)) {
      throw ServiceException.invalid("generator.r1_gamma must be in [0, 1000], got " + gamma);
    }
    int r1Interval = within("generator.r1_interval", c.getR1Interval(), 16, 1, 1000);
    float ema = c.getEmaHalfLifeImages() == 0 ? 10_000f : c.getEmaHalfLifeImages();
    if (!(ema > 0 && ema <= 1e8f)) {
      throw ServiceException.invalid("generator.ema_half_life_images must be in (0, 1e8], got " + ema);
    }
    int sampleEvery = within("generator.sample_every_steps", c.getSampleEverySteps(), 200, 1, MAX_STEPS);
    int quality = within("generator.quality_images_per_emotion", c.getQualityImagesPerEmotion(), 64, 1,
        MAX_QUALITY_IMAGES);
    return new GanOptions(res, channels, latent, mapping, width, steps, batch, lr, gamma, r1Interval, ema,
        !c.hasDiffAugment() || c.getDiffAugment(), sampleEvery, c.getSeed(), quality);
  }

  private static int within(String field, int given, int fallback, int min, int max) {
    int v = given == 0 ? fallback : given;
    if (v < min || v > max) {
      throw ServiceException.invalid(field + " must be in [" + min + ", " + max + "], got " + v);
    }
    return v;
  }

  /** The network sizes (class averages of w come after training). */
  public GeneratorSpec spec() {
    return new GeneratorSpec(resolution, channels, latentSize, mappingLayers, baseWidth, Math.min(16, baseWidth), null);
  }

  public GanOptions withSteps(int s) {
    return new GanOptions(resolution, channels, latentSize, mappingLayers, baseWidth, s, batchSize, learningRate,
        r1Gamma, r1Interval, emaHalfLifeImages, diffAugment, sampleEvery, seed, qualityImagesPerEmotion);
  }
}
