package io.emotioncluster.node.training;

import ai.djl.training.tracker.ParameterTracker;
import java.util.Set;

/**
 * Linear warm-up then cosine decay (to 2% of the peak), driven by the trainer's own global step
 * so a run resumed from a checkpoint continues the curve where it stopped. Feature-block
 * parameters can run at a fraction of the rate once unfrozen (transfer learning).
 */
final class LearningRateSchedule implements ParameterTracker {

  private final float peak;
  private final long warmupSteps;
  private final long totalSteps;
  private final boolean cosine;
  private final Set<String> featureParameterIds;
  private final float featureFactor;
  private volatile long step;

  LearningRateSchedule(float peak, long warmupSteps, long totalSteps, boolean cosine,
      Set<String> featureParameterIds, float featureFactor) {
    this.peak = peak;
    this.warmupSteps = Math.min(warmupSteps, Math.max(0, totalSteps - 1));
    this.totalSteps = Math.max(1, totalSteps);
    this.cosine = cosine;
    this.featureParameterIds = featureParameterIds;
    this.featureFactor = featureFactor;
  }

  void setStep(long step) {
    this.step = step;
  }

  float at(long s) {
    if (s < warmupSteps) {
      return peak * (0.1f + 0.9f * s / warmupSteps);
    }
    if (!cosine) {
      return peak;
    }
    double progress = Math.min(1.0, (double) (s - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
    float floor = peak * 0.02f;
    return (float) (floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
  }

  @Override
  public float getNewValue(String parameterId, int numUpdate) {
    float lr = at(step);
    return featureParameterIds.contains(parameterId) ? lr * featureFactor : lr;
  }
}
