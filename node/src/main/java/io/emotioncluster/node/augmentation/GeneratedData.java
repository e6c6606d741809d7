package io.emotioncluster.node.augmentation;

import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.generator.FaceGenerator;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.training.TrainingCancelledException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Generated training images for augmentation: per class, the plan's count, drawn from the
 * generator with seeds derived from the job seed (same job seed, same images). They are meant for
 * the training split only; callers add them after splitting, never to validation or test.
 *
 * <p>With a confidence filter, rejected candidates are replaced by new ones (fresh seeds) until
 * the class has its count or {@link AugmentationPlan#MAX_ATTEMPTS_PER_IMAGE} candidates per wanted
 * image were tried; what is still missing is reported as the shortfall, never silently padded.
 */
public final class GeneratedData {

  /** Decides which generated candidates of one class are kept. */
  public interface Filter {
    boolean[] keep(Emotion emotion, List<PixelImage> candidates);

    Filter KEEP_ALL = (e, c) -> {
      boolean[] all = new boolean[c.size()];
      java.util.Arrays.fill(all, true);
      return all;
    };
  }

  /** What was generated: the images, and per class how many were wanted, tried and kept. */
  public record Result(List<LabeledImage> images, Map<Emotion, Integer> wanted, Map<Emotion, Integer> tried,
      Map<Emotion, Integer> kept) {

    public int shortfall() {
      int s = 0;
      for (Emotion e : Emotion.all()) {
        s += wanted.getOrDefault(e, 0) - kept.getOrDefault(e, 0);
      }
      return s;
    }

    public int rejected() {
      int r = 0;
      for (Emotion e : Emotion.all()) {
        r += tried.getOrDefault(e, 0) - kept.getOrDefault(e, 0);
      }
      return r;
    }

    /** For the job's message: "added 280 generated images (40 per class)" plus any filter losses. */
    public String summary(AugmentationPlan plan) {
      StringBuilder s = new StringBuilder("added " + images.size() + " generated training images (" + plan.describe()
          + ")");
      if (rejected() > 0) {
        s.append("; the confidence filter rejected ").append(rejected()).append(" of ")
            .append(rejected() + images.size()).append(" candidates");
      }
      if (shortfall() > 0) {
        s.append("; SHORTFALL ").append(shortfall()).append(" images (");
        List<String> parts = new ArrayList<>();
        for (Emotion e : Emotion.all()) {
          int missing = wanted.getOrDefault(e, 0) - kept.getOrDefault(e, 0);
          if (missing > 0) {
            parts.add(e.label() + " " + kept.getOrDefault(e, 0) + "/" + wanted.get(e));
          }
        }
        s.append(String.join(", ", parts)).append(") after ").append(AugmentationPlan.MAX_ATTEMPTS_PER_IMAGE)
            .append(" candidates per wanted image");
      }
      return s.toString();
    }
  }

  static final int BATCH = 32;

  private GeneratedData() {}

  /**
   * @param realCounts real training images per class (the ratio's reference)
   * @param seed       the job's seed; image seeds derive from it, the class and a counter
   */
  public static Result generate(FaceGenerator generator, AugmentationPlan plan, Map<Emotion, Integer> realCounts,
      long seed, Filter filter, BooleanSupplier cancelled) {
    List<LabeledImage> out = new ArrayList<>();
    Map<Emotion, Integer> wanted = new EnumMap<>(Emotion.class);
    Map<Emotion, Integer> tried = new EnumMap<>(Emotion.class);
    Map<Emotion, Integer> kept = new EnumMap<>(Emotion.class);
    for (Emotion e : Emotion.all()) {
      int target = plan.target(realCounts.getOrDefault(e, 0));
      wanted.put(e, target);
      long maxTries = (long) target * (plan.minConfidence() > 0 ? AugmentationPlan.MAX_ATTEMPTS_PER_IMAGE : 1);
      int have = 0;
      int next = 0;
      while (have < target && next < maxTries) {
        if (cancelled.getAsBoolean()) {
          throw new TrainingCancelledException();
        }
        int n = (int) Math.min(Math.min(BATCH, target - have), maxTries - next);
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
          seeds[i] = imageSeed(seed, e, next + i);
        }
        List<PixelImage> images = generator.generate(e, seeds, plan.truncation());
        boolean[] keep = plan.minConfidence() > 0 ? filter.keep(e, images) : Filter.KEEP_ALL.keep(e, images);
        for (int i = 0; i < n && have < target; i++) {
          if (keep[i]) {
            out.add(new LabeledImage("generated/" + generator.versionId() + "/" + e.label() + "/"
                + Long.toUnsignedString(seeds[i]), "generated", e, images.get(i)));
            have++;
          }
        }
        next += n;
      }
      tried.put(e, next);
      kept.put(e, have);
    }
    return new Result(List.copyOf(out), wanted, tried, kept);
  }

  /** Real training images per class. */
  public static Map<Emotion, Integer> countByClass(List<LabeledImage> images) {
    Map<Emotion, Integer> counts = new EnumMap<>(Emotion.class);
    for (LabeledImage i : images) {
      counts.merge(i.emotion(), 1, Integer::sum);
    }
    return counts;
  }

  /** The seed of the k-th candidate of a class (SplitMix64 mixing: neighbours are unrelated). */
  static long imageSeed(long jobSeed, Emotion e, int k) {
    return mix(mix(mix(jobSeed ^ 0x6E7A_5EEDL) ^ (e.index() + 1)) ^ k);
  }

  private static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
