package io.emotioncluster.admin.bench;

import java.util.Map;

/**
 * What a run measured. Client latency is from the moment a request was due (open loop) or sent
 * (closed loop) to its answer; the server split comes from the responses' ServerTiming.
 */
public record BenchResult(
    String mode,
    int concurrency,
    double targetRate,
    double seconds,
    long ok,
    Map<String, Long> errors,
    double throughput,
    LatencyRecorder.Percentiles latency,
    LatencyRecorder.Percentiles serverTotal,
    LatencyRecorder.Percentiles serverQueue,
    LatencyRecorder.Percentiles serverCompute,
    double meanBatchSize) {

  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }
}
