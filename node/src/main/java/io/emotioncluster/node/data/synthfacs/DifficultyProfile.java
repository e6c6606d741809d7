package io.emotioncluster.node.data.synthfacs;

import java.util.Locale;

/**
 * The concrete knobs behind the single {@code difficulty} number. Kept as one record so whoever
 * calibrates the data set against a real model can see, log and override each knob
 * ({@link SynthFacs#SynthFacs(SynthFacsConfig, DifficultyProfile)}) instead of guessing what
 * "0.5" means.
 *
 * <p>{@link #of(double)} interpolates linearly between the easy end (d = 0) and the hard end
 * (d = 1); the values at 0 / 0.5 / 1 are listed on each component.
 *
 * @param intensityMin lowest intensity of a prototype AU: 0.85 / 0.475 / 0.10
 * @param intensityMax highest intensity of a prototype AU: 1.0 / 0.85 / 0.70
 * @param auDropout probability that each prototype AU is left out (one always stays):
 *     0 / 0.2 / 0.4
 * @param distractorProbability probability that each AU outside the prototype is switched on:
 *     0.03 / 0.14 / 0.25
 * @param distractorMax highest intensity of a distractor AU: 0.15 / 0.375 / 0.60
 * @param restingBias how strongly a subject's resting face (natural smile or frown, high or low
 *     brows, wide or narrow eyes) shows, in AU units: 0.10 / 0.35 / 0.60
 * @param maxRollDegrees in-plane head rotation, uniform in +-this: 0 / 10 / 20
 * @param scaleJitter face scale uniform in 1 +- this: 0 / 0.075 / 0.15
 * @param maxShift face shift in each axis, uniform in +- this fraction of the image: 0 / 0.04 /
 *     0.08
 * @param lightingStrength amplitude of a linear light gradient in a random direction, as a
 *     fraction of brightness from the image centre to its edge: 0 / 0.3 / 0.6
 * @param exposureJitter global brightness and contrast change, uniform in +- this: 0 / 0.15 /
 *     0.30
 * @param maxBlurSigma Gaussian blur sigma in output pixels, uniform in [0, this]: 0 / 0.6 / 1.2
 * @param noiseSigma Gaussian pixel noise sigma in gray levels, uniform in [0.5, 1] x this:
 *     3 / 10.5 / 18
 */
public record DifficultyProfile(
    double intensityMin,
    double intensityMax,
    double auDropout,
    double distractorProbability,
    double distractorMax,
    double restingBias,
    double maxRollDegrees,
    double scaleJitter,
    double maxShift,
    double lightingStrength,
    double exposureJitter,
    double maxBlurSigma,
    double noiseSigma) {

  public DifficultyProfile {
    if (!(intensityMin >= 0 && intensityMin <= intensityMax && intensityMax <= 1)) {
      throw new IllegalArgumentException("need 0 <= intensityMin <= intensityMax <= 1, got "
          + intensityMin + ", " + intensityMax);
    }
    requireUnit("auDropout", auDropout);
    requireUnit("distractorProbability", distractorProbability);
    requireUnit("distractorMax", distractorMax);
    requireNonNegative("restingBias", restingBias);
    requireNonNegative("maxRollDegrees", maxRollDegrees);
    requireUnit("scaleJitter", scaleJitter);
    requireUnit("maxShift", maxShift);
    requireUnit("lightingStrength", lightingStrength);
    requireUnit("exposureJitter", exposureJitter);
    requireNonNegative("maxBlurSigma", maxBlurSigma);
    requireNonNegative("noiseSigma", noiseSigma);
  }

  /** The profile a config's difficulty stands for. */
  public static DifficultyProfile of(double d) {
    if (!(d >= 0 && d <= 1)) {
      throw new IllegalArgumentException("difficulty must be in [0, 1], got " + d);
    }
    return new DifficultyProfile(
        lerp(0.85, 0.10, d),
        lerp(1.00, 0.70, d),
        lerp(0.00, 0.40, d),
        lerp(0.03, 0.25, d),
        lerp(0.15, 0.60, d),
        lerp(0.10, 0.60, d),
        lerp(0.0, 20.0, d),
        lerp(0.0, 0.15, d),
        lerp(0.0, 0.08, d),
        lerp(0.0, 0.60, d),
        lerp(0.0, 0.30, d),
        lerp(0.0, 1.2, d),
        lerp(3.0, 18.0, d));
  }

  /** Locale-independent text of every knob, for fingerprints and logs. */
  public String canonical() {
    return String.format(Locale.ROOT,
        "intensity=%s..%s;dropout=%s;distractorP=%s;distractorMax=%s;resting=%s;roll=%s;"
            + "scale=%s;shift=%s;light=%s;exposure=%s;blur=%s;noise=%s",
        intensityMin, intensityMax, auDropout, distractorProbability, distractorMax, restingBias,
        maxRollDegrees, scaleJitter, maxShift, lightingStrength, exposureJitter, maxBlurSigma,
        noiseSigma);
  }

  private static double lerp(double easy, double hard, double d) {
    return easy + (hard - easy) * d;
  }

  private static void requireUnit(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
    }
  }

  private static void requireNonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
    }
  }
}
