package io.emotioncluster.node.data.synthfacs;

import io.emotioncluster.node.model.Emotion;
import java.util.EnumSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Turns an emotion label into AU intensities for one image: the EMFACS prototype at a sampled
 * strength, some prototype units possibly missing, plus weak units from outside the prototype.
 * This is where the label noise of real data (weak, partial, mixed expressions) is imitated.
 */
final class ExpressionSampler {

  private final DifficultyProfile profile;

  ExpressionSampler(DifficultyProfile profile) {
    this.profile = profile;
  }

  ActionUnits sample(Emotion emotion, RandomGenerator rng) {
    Set<ActionUnit> prototype = EmfacsPrototypes.of(emotion);
    Set<ActionUnit> optional = EmfacsPrototypes.optional(emotion);
    ActionUnits aus = ActionUnits.none();

    // One overall strength per image with small per-unit variation: real expressions are
    // coherent (a weak smile has weak cheeks too), not independent per muscle.
    double strength = uniform(rng, profile.intensityMin(), profile.intensityMax());
    ActionUnit keep = prototype.isEmpty() ? null : pick(prototype, rng);
    for (ActionUnit au : prototype) {
      if (au != keep && rng.nextDouble() < profile.auDropout()) {
        continue;
      }
      double v = strength * uniform(rng, 0.85, 1.15);
      aus = aus.with(au, Math.max(v, profile.intensityMin() * 0.5));
    }
    for (ActionUnit au : optional) {
      if (rng.nextBoolean()) {
        aus = aus.with(au, strength * uniform(rng, 0.5, 1.0));
      }
    }

    // Distractors: any unit that is neither prototype nor optional for this label, always
    // weaker than the label's own units would be on average.
    for (ActionUnit au : ActionUnit.values()) {
      if (prototype.contains(au) || optional.contains(au)) {
        continue;
      }
      if (rng.nextDouble() < profile.distractorProbability()) {
        aus = aus.with(au, uniform(rng, 0.05, 1.0) * profile.distractorMax());
      }
    }
    return aus;
  }

  private static ActionUnit pick(Set<ActionUnit> units, RandomGenerator rng) {
    int k = rng.nextInt(units.size());
    for (ActionUnit au : EnumSet.copyOf(units)) {
      if (k-- == 0) {
        return au;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private static double uniform(RandomGenerator rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }
}
