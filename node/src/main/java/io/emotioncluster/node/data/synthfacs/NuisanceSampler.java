package io.emotioncluster.node.data.synthfacs;

import java.util.random.RandomGenerator;

/** Draws a {@link Nuisance} within the ranges of a {@link DifficultyProfile}. */
final class NuisanceSampler {

  private final DifficultyProfile profile;

  NuisanceSampler(DifficultyProfile profile) {
    this.profile = profile;
  }

  Nuisance sample(RandomGenerator r) {
    double roll = Math.toRadians(sym(r, profile.maxRollDegrees()));
    double scale = 1.0 + sym(r, profile.scaleJitter());
    double shiftX = sym(r, profile.maxShift());
    double shiftY = sym(r, profile.maxShift());
    double angle = r.nextDouble() * 2 * Math.PI;
    double light = profile.lightingStrength() * r.nextDouble();
    double brightness = sym(r, profile.exposureJitter()) * 0.5;
    double contrast = 1.0 + sym(r, profile.exposureJitter());
    double blur = profile.maxBlurSigma() * r.nextDouble();
    double noise = profile.noiseSigma() * (0.5 + 0.5 * r.nextDouble());
    // Gaze varies at every difficulty: it is free variation inside the eye, not degradation.
    double gazeX = sym(r, 1.0);
    double gazeY = sym(r, 0.5);
    return new Nuisance(roll, scale, shiftX, shiftY, Math.cos(angle), Math.sin(angle), light,
        brightness, contrast, blur, noise, gazeX, gazeY);
  }

  private static double sym(RandomGenerator r, double max) {
    return max == 0 ? 0 : (2 * r.nextDouble() - 1) * max;
  }
}
