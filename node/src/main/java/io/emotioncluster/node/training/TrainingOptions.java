package io.emotioncluster.node.training;

/**
 * Optimisation settings of a classifier run. Zero / unset values in API requests become these
 * defaults (see {@code TrainingConfig} in the proto).
 *
 * @param freezeEpochs          feature blocks frozen for the first N epochs (transfer learning)
 * @param unfreezeLrFactor      learning-rate multiplier of the feature blocks once unfrozen
 * @param earlyStoppingPatience stop after this many epochs without a better validation accuracy
 *                              and keep the best epoch's weights; 0 = off
 * @param augment               random flips, rotations, shifts, brightness and contrast
 */
public record TrainingOptions(int epochs, int batchSize, float learningRate, float weightDecay,
    int warmupEpochs, boolean cosine, long seed, int freezeEpochs, float unfreezeLrFactor,
    int earlyStoppingPatience, boolean augment) {

  public TrainingOptions {
    if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || weightDecay < 0 || warmupEpochs < 0
        || freezeEpochs < 0 || !(unfreezeLrFactor > 0) || earlyStoppingPatience < 0) {
      throw new IllegalArgumentException("invalid training options " + this);
    }
  }

  public static TrainingOptions defaults() {
    return new TrainingOptions(10, 32, 1e-3f, 1e-4f, 1, true, 0L, 0, 0.1f, 0, false);
  }

  public TrainingOptions withEpochs(int e) {
    return new TrainingOptions(e, batchSize, learningRate, weightDecay, warmupEpochs, cosine, seed,
        freezeEpochs, unfreezeLrFactor, earlyStoppingPatience, augment);
  }

  public TrainingOptions withSeed(long s) {
    return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, warmupEpochs, cosine, s,
        freezeEpochs, unfreezeLrFactor, earlyStoppingPatience, augment);
  }

  public TrainingOptions withBatch(int b, float lr) {
    return new TrainingOptions(epochs, b, lr, weightDecay, warmupEpochs, cosine, seed,
        freezeEpochs, unfreezeLrFactor, earlyStoppingPatience, augment);
  }

  public TrainingOptions withTransfer(int freeze, float factor) {
    return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, warmupEpochs, cosine, seed,
        freeze, factor, earlyStoppingPatience, augment);
  }

  public TrainingOptions withEarlyStopping(int patience) {
    return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, warmupEpochs, cosine, seed,
        freezeEpochs, unfreezeLrFactor, patience, augment);
  }

  public TrainingOptions withAugment(boolean a) {
    return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, warmupEpochs, cosine, seed,
        freezeEpochs, unfreezeLrFactor, earlyStoppingPatience, a);
  }
}
