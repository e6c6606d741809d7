package io.emotioncluster.node.training;

import io.emotioncluster.node.model.Classifier;

/** Receives progress from a training run; called on the training thread. */
public interface TrainingListener {

  /** After every epoch, with its figures. */
  void onEpoch(EpochReport report);

  /**
   * After every epoch, with the weights as they are now (for checkpoints).
   *
   * @param improved whether validation accuracy is the best so far
   */
  default void afterEpoch(int epoch, Classifier classifier, boolean improved) {}

  /** Polled between steps: true stops the run with {@link TrainingCancelledException}. */
  default boolean cancelRequested() {
    return false;
  }

  TrainingListener NONE = report -> {};

  record EpochReport(int epoch, int totalEpochs, long step, long totalSteps, double loss,
      double trainAccuracy, double validationAccuracy, double imagesPerSecond, long etaSeconds,
      boolean stoppedEarly) {}
}
