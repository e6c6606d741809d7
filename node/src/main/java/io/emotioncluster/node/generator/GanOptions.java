package io.emotioncluster.node.generator;

import io.emotioncluster.api.v1.GeneratorConfig;
import io.emotioncluster.node.ServiceException;

/**
 * A {@link GeneratorConfig} checked and completed with defaults. The defaults are sized for a
 * two-core CPU (see docs/generator.md for the measured step times); every limit is reported as
 * INVALID_ARGUMENT naming the field and the allowed range.
 */
public record GanOptions(String architecture, int resolution, int channels, int latentSize, int mappingLayers,
    int baseWidth, int steps, int batchSize, float learningRate, float r1Gamma, int r1Interval,
    float emaHalfLifeImages, boolean diffAugment, int sampleEvery, long seed, int qualityImagesPerEmotion,
    float guidanceWeight, int guideEpochs, float lecamWeight, String baseVersion, String objective) {

  public static final String GAN = "gan";
  public static final String VAE = "vae";
  public static final String DEFAULT_OBJECTIVE = GAN;

  public static final int DEFAULT_RESOLUTION = 32;
  public static final int DEFAULT_LATENT = 64;
  public static final int DEFAULT_MAPPING_LAYERS = 2;
  public static final int DEFAULT_BASE_WIDTH = 64;
  public static final int DEFAULT_STEPS = 800;
  public static final String DEFAULT_ARCHITECTURE = GeneratorSpec.DCGAN;
  /** dcgan: larger batches cost less per image on CPUs (per-operation overheads). */
  public static final int DEFAULT_DCGAN_BATCH = 32;
  public static final int DEFAULT_DCGAN_STEPS = 1000;
  public static final float DEFAULT_GUIDANCE = 1f;
  public static final int DEFAULT_GUIDE_EPOCHS = 12;
  public static final float DEFAULT_LECAM = 0.1f;
  public static final int DEFAULT_BATCH = 16;
  public static final int MAX_STEPS = 1_000_000;
  public static final int MAX_BATCH = 256;
  public static final int MAX_LATENT = 1024;
  public static final int MAX_WIDTH = 1024;
  public static final int MAX_MAPPING_LAYERS = 8;
  public static final int MAX_QUALITY_IMAGES = 2000;

  /** @param datasetChannels the channels of the training images, used when config.channels is 0 */
  public static GanOptions of(GeneratorConfig c, int datasetChannels) {
    return of(c, datasetChannels, null);
  }

  /**
   * @param base the spec of {@code c.base_version} when fine-tuning (its sizes fill the unset
   *             ones; a size set to another value is INVALID_ARGUMENT), else null
   */
  public static GanOptions of(GeneratorConfig c, int datasetChannels, GeneratorSpec base) {
    if (base != null) {
      c = inherit(c, base);
    }
    String arch = c.getArchitecture().isBlank() ? DEFAULT_ARCHITECTURE : c.getArchitecture().trim().toLowerCase();
    if (!arch.equals(GeneratorSpec.DCGAN) && !arch.equals(GeneratorSpec.STYLEGAN2)) {
      throw ServiceException.invalid("generator.architecture must be \"" + GeneratorSpec.DCGAN + "\" or \""
          + GeneratorSpec.STYLEGAN2 + "\", got \"" + c.getArchitecture() + "\"");
    }
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
    boolean fast = arch.equals(GeneratorSpec.DCGAN);
    int steps = within("generator.steps", c.getSteps(), fast ? DEFAULT_DCGAN_STEPS : DEFAULT_STEPS, 1, MAX_STEPS);
    int batch = within("generator.batch_size", c.getBatchSize(), fast ? DEFAULT_DCGAN_BATCH : DEFAULT_BATCH, 2,
        MAX_BATCH);
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
    boolean dcgan = arch.equals(GeneratorSpec.DCGAN);
    float guidance = c.hasGuidanceWeight() ? c.getGuidanceWeight() : dcgan ? DEFAULT_GUIDANCE : 0f;
    if (!(guidance >= 0 && guidance <= 100)) {
      throw ServiceException.invalid("generator.guidance_weight must be in [0, 100], got " + guidance);
    }
    int guideEpochs = within("generator.guide_epochs", c.getGuideEpochs(), DEFAULT_GUIDE_EPOCHS, 1, 1000);
    float lecam = c.hasLecamWeight() ? c.getLecamWeight() : DEFAULT_LECAM;
    if (!(lecam >= 0 && lecam <= 100)) {
      throw ServiceException.invalid("generator.lecam_weight must be in [0, 100], got " + lecam);
    }
    // R1 is a finite-difference estimate (no second-order gradients): the dcgan default leaves it
    // off and relies on LeCam and DiffAugment; an explicit r1_gamma still applies
    float r1 = dcgan && c.getR1Gamma() == 0 ? 0f : gamma;
    String objective = c.getObjective().isBlank() ? (dcgan ? DEFAULT_OBJECTIVE : GAN)
        : c.getObjective().trim().toLowerCase();
    if (!objective.equals(GAN) && !objective.equals(VAE)) {
      throw ServiceException.invalid("generator.objective must be \"gan\" or \"vae\", got \"" + c.getObjective() + "\"");
    }
    if (objective.equals(VAE) && !dcgan) {
      throw ServiceException.invalid("generator.objective vae trains the dcgan generator; set generator.architecture "
          + "to dcgan (or leave it unset)");
    }
    return new GanOptions(arch, res, channels, latent, mapping, width, steps, batch, lr, r1, r1Interval, ema,
        !c.hasDiffAugment() || c.getDiffAugment(), sampleEvery, c.getSeed(), quality, guidance, guideEpochs, lecam,
        c.getBaseVersion().trim(), objective);
  }

  /** Fills the sizes the config leaves unset from the base generator's; refuses differing ones. */
  private static GeneratorConfig inherit(GeneratorConfig c, GeneratorSpec base) {
    GeneratorConfig.Builder b = c.toBuilder();
    String why = "generator.base_version " + c.getBaseVersion() + " is a " + base.describe() + " generator; ";
    if (c.getArchitecture().isBlank()) {
      b.setArchitecture(base.architecture());
    } else if (!c.getArchitecture().trim().equalsIgnoreCase(base.architecture())) {
      throw ServiceException.invalid(why + "generator.architecture " + c.getArchitecture()
          + " differs (leave it unset to fine-tune)");
    }
    b.setResolution(same(why, "resolution", c.getResolution(), base.resolution()));
    b.setChannels(same(why, "channels", c.getChannels(), base.channels()));
    b.setLatentSize(same(why, "latent_size", c.getLatentSize(), base.latentSize()));
    b.setBaseWidth(same(why, "base_width", c.getBaseWidth(), base.baseWidth()));
    b.setMappingLayers(same(why, "mapping_layers", c.getMappingLayers(), base.mappingLayers()));
    return b.build();
  }

  private static int same(String why, String field, int given, int base) {
    if (given != 0 && given != base) {
      throw ServiceException.invalid(why + "generator." + field + " " + given + " differs from its " + base
          + " (leave it unset to fine-tune)");
    }
    return base;
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
    return new GeneratorSpec(resolution, channels, latentSize, mappingLayers, baseWidth, Math.min(16, baseWidth), null,
        architecture);
  }

  public GanOptions withSteps(int s) {
    return new GanOptions(architecture, resolution, channels, latentSize, mappingLayers, baseWidth, s, batchSize,
        learningRate, r1Gamma, r1Interval, emaHalfLifeImages, diffAugment, sampleEvery, seed, qualityImagesPerEmotion,
        guidanceWeight, guideEpochs, lecamWeight, baseVersion, objective);
  }

  public boolean fineTunes() {
    return !baseVersion.isEmpty();
  }
}
