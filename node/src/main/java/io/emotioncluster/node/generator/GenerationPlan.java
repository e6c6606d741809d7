package io.emotioncluster.node.generator;

import io.emotioncluster.api.v1.GenerateRequest;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.model.Emotion;
import java.util.ArrayList;
import java.util.List;

/**
 * A Generate request checked and expanded into the images to make, in stream order: for each
 * requested emotion, {@code count} images. Image i of an emotion gets seed {@code seed} for i = 0
 * and a hash of (seed, i) after that, so any image is regenerated exactly by asking for its
 * emotion with its own seed and count 1. The emotion enters as the class input, so "all seven"
 * shows the same latents under each emotion.
 */
public record GenerationPlan(String versionId, float truncation, List<Item> items) {

  public static final int MAX_COUNT = 256;
  public static final float DEFAULT_TRUNCATION = 0.7f;

  public record Item(int index, Emotion emotion, long seed) {}

  public static GenerationPlan of(GenerateRequest r) {
    int count = r.getCount() == 0 ? 1 : r.getCount();
    if (count < 0 || count > MAX_COUNT) { // uint32 above 2^31 arrives negative
      throw ServiceException.invalid("count must be at most " + MAX_COUNT + " images per emotion, got "
          + Integer.toUnsignedString(r.getCount()));
    }
    float psi = r.getTruncation() == 0 ? DEFAULT_TRUNCATION : r.getTruncation();
    if (!(psi > 0 && psi <= 1)) {
      throw ServiceException.invalid("truncation must be in (0, 1] (1 = none, default 0.7), got " + r.getTruncation());
    }
    List<Emotion> emotions;
    if (r.getEmotion() == io.emotioncluster.api.v1.Emotion.EMOTION_UNSPECIFIED) {
      emotions = Emotion.all();
    } else if (r.getEmotion() == io.emotioncluster.api.v1.Emotion.UNRECOGNIZED) {
      throw ServiceException.invalid("emotion " + r.getEmotionValue() + " is not one of the seven (1..7)");
    } else {
      emotions = List.of(Emotion.ofIndex(r.getEmotion().getNumber() - 1));
    }
    List<Item> items = new ArrayList<>();
    for (Emotion e : emotions) {
      for (int i = 0; i < count; i++) {
        items.add(new Item(items.size(), e, imageSeed(r.getSeed(), i)));
      }
    }
    return new GenerationPlan(r.getGeneratorVersion(), psi, List.copyOf(items));
  }

  /** The seed of the i-th image of an emotion: the request's own seed first, then SplitMix64 hashes. */
  public static long imageSeed(long requestSeed, int i) {
    if (i == 0) {
      return requestSeed;
    }
    long z = requestSeed + 0x9E3779B97F4A7C15L * i;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
