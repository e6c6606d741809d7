package io.emotioncluster.node.serving;

/**
 * Dynamic batching, in the manner of Triton: a worker that picks up a request waits at most
 * {@code maxQueueDelayMicros} for others to join it, up to {@code maxBatchSize}. A delay of 0
 * batches only what is already queued (no added latency at low load).
 *
 * @param workers        inference threads per model, each with its own predictor
 * @param queueCapacity  requests waiting beyond this are refused with RESOURCE_EXHAUSTED
 * @param warmupBatches  forward passes each worker runs before the model is reported ready
 */
public record BatchingConfig(int workers, int maxBatchSize, long maxQueueDelayMicros,
    int queueCapacity, int warmupBatches) {

  public BatchingConfig {
    if (workers < 1 || maxBatchSize < 1 || maxQueueDelayMicros < 0 || queueCapacity < 1 || warmupBatches < 0) {
      throw new IllegalArgumentException("invalid batching config " + workers + "/" + maxBatchSize
          + "/" + maxQueueDelayMicros + "/" + queueCapacity + "/" + warmupBatches);
    }
  }

  public static BatchingConfig defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new BatchingConfig(Math.max(1, cores), 32, 0, 1024, 30);
  }
}
