package io.emotioncluster.node.augmentation;

import io.emotioncluster.api.v1.GeneratorAugmentation;
import io.emotioncluster.node.ServiceException;

/**
 * A {@link GeneratorAugmentation} checked and completed with defaults. Every limit is enforced
 * here, before a job is queued, with a message naming the field and the allowed range.
 *
 * @param generatorVersion empty = the production generator (classifier jobs) or the generator the
 *                         experiment trains first (experiments)
 * @param imagesPerClass   fixed count per class, or 0 when {@code ratioToReal} applies
 * @param ratioToReal      generated images per real training image of the same class
 * @param minConfidence    keep only images the production classifier labels as their emotion with
 *                         at least this probability; 0 keeps all
 */
public record AugmentationPlan(String generatorVersion, int imagesPerClass, double ratioToReal,
    double minConfidence, float truncation) {

  /** At most this many generated images per class, however the count is asked for. */
  public static final int MAX_PER_CLASS = 5000;
  public static final double MAX_RATIO = 20;
  /** With a confidence filter, at most this many candidates are generated per image kept. */
  public static final int MAX_ATTEMPTS_PER_IMAGE = 4;
  public static final float DEFAULT_TRUNCATION = 0.7f;

  /**
   * @param field the request field, for messages ("augmentation" or "experiment.augmented")
   */
  public static AugmentationPlan of(GeneratorAugmentation a, String field) {
    if (a.getImagesPerClass() > 0 && a.getRatioToReal() != 0) {
      throw ServiceException.invalid(field + ": set images_per_class or ratio_to_real, not both (got "
          + a.getImagesPerClass() + " and " + a.getRatioToReal() + ")");
    }
    if (a.getImagesPerClass() > MAX_PER_CLASS) {
      throw ServiceException.invalid(field + ".images_per_class must be at most " + MAX_PER_CLASS + ", got "
          + a.getImagesPerClass());
    }
    double ratio = a.getRatioToReal();
    if (Double.isNaN(ratio) || ratio < 0 || ratio > MAX_RATIO) {
      throw ServiceException.invalid(field + ".ratio_to_real must be in (0, " + (int) MAX_RATIO + "], got " + ratio);
    }
    if (a.getImagesPerClass() == 0 && ratio == 0) {
      ratio = 1; // neither given: as many generated images as real ones, per class
    }
    double min = a.getMinConfidence();
    if (Double.isNaN(min) || min < 0 || min >= 1) {
      throw ServiceException.invalid(field + ".min_confidence must be in [0, 1), got " + min);
    }
    float truncation = a.getTruncation() == 0 ? DEFAULT_TRUNCATION : a.getTruncation();
    if (!(truncation > 0 && truncation <= 1)) {
      throw ServiceException.invalid(field + ".truncation must be in (0, 1], got " + a.getTruncation());
    }
    return new AugmentationPlan(a.getGeneratorVersion().trim(), a.getImagesPerClass(), a.getImagesPerClass() > 0 ? 0 : ratio,
        min, truncation);
  }

  /** Generated images wanted for a class with {@code realCount} real training images (capped). */
  public int target(int realCount) {
    long n = imagesPerClass > 0 ? imagesPerClass : Math.round(ratioToReal * realCount);
    return (int) Math.min(MAX_PER_CLASS, n);
  }

  /** "40 per class" or "1.0x the real count per class", for job messages. */
  public String describe() {
    String how = imagesPerClass > 0 ? imagesPerClass + " per class"
        : String.format(java.util.Locale.ROOT, "%.2fx the real count per class", ratioToReal);
    return how + (minConfidence > 0 ? String.format(java.util.Locale.ROOT,
        ", kept at classifier confidence >= %.2f", minConfidence) : "");
  }
}
