package io.emotioncluster.node.training;

/** Receives progress from a training run; called on the training thread. */
public interface TrainingListener {

  /** After every epoch. */
  void onEpoch(EpochReport report);

  /** Polled between steps: true stops the run with {@link TrainingCancelledException}. */
  default boolean cancelRequested() {
    return false;
  }

  TrainingListener NONE = report -> {};

  record EpochReport(int epoch, int totalEpochs, long step, long totalSteps, double loss,
      double trainAccuracy, double validationAccuracy, double imagesPerSecond, long etaSeconds) {}
}
