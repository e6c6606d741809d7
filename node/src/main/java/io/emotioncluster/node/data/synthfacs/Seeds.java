package io.emotioncluster.node.data.synthfacs;

/**
 * Derives independent seeds from a few integers, so any image can be generated on its own
 * (random access) and the same inputs always give the same seed on every JVM.
 *
 * <p>Uses the SplitMix64 finaliser: consecutive inputs (subject 1, 2, 3...) map to unrelated
 * streams, which a plain {@code seed + i} would not guarantee with SplittableRandom.
 */
final class Seeds {

  /** Stream tags keep identity, expression and nuisance draws from ever sharing a stream. */
  static final long IDENTITY = 0x1D_E1_71_7AL;
  static final long IMAGE = 0x1A_6E_5EEDL;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {
  }

  /** Seed of a subject's identity: face, colours, hair, resting expression. */
  static long identity(long configSeed, int subjectId) {
    return mix(configSeed, IDENTITY, subjectId);
  }

  /** Seed of one image: its expression intensities and nuisance (pose, light, blur, noise). */
  static long image(long configSeed, int subjectId, int emotionIndex, int index) {
    return mix(configSeed, IMAGE, subjectId, emotionIndex, index);
  }

  static long mix(long first, long... rest) {
    long h = mix64(first + GOLDEN);
    for (long v : rest) {
      h = mix64(h ^ mix64(v + GOLDEN));
    }
    return h;
  }

  /** SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective 64-bit avalanche. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
