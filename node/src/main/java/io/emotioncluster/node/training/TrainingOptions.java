package io.emotioncluster.node.training;

/**
 * Optimisation settings of a classifier run. Zero / unset values in API requests become these
 * defaults.
 */
public record TrainingOptions(int epochs, int batchSize, float learningRate, float weightDecay,
    int warmupEpochs, boolean cosine, long seed) {

  public static TrainingOptions defaults() {
    return new TrainingOptions(10, 32, 1e-3f, 1e-4f, 1, true, 0L);
  }

  public TrainingOptions withEpochs(int e) {
    return new TrainingOptions(e, batchSize, learningRate, weightDecay, warmupEpochs, cosine, seed);
  }

  public TrainingOptions withSeed(long s) {
    return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, warmupEpochs, cosine, s);
  }
}
