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
    double meanBatchSize,
    LatencyRecorder.Percentiles serverOverhead,
    Map<String, NodeResult> nodes,
    NodeCpu clusterCpu) {

  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The same result with the nodes' CPU counters read around the measured period. */
  public BenchResult withCpu(Map<String, NodeCpu> perNode) {
    Map<String, NodeResult> merged = new java.util.TreeMap<>(nodes);
    perNode.forEach((id, cpu) -> merged.compute(id, (k, n) -> n == null
        ? new NodeResult(id, 0, 0, new LatencyRecorder().percentiles(), cpu)
        : new NodeResult(n.nodeId(), n.ok(), n.throughput(), n.latency(), cpu)));
    long cpuUs = perNode.values().stream().mapToLong(NodeCpu::cpuMicros).sum();
    long requests = perNode.values().stream().mapToLong(NodeCpu::requests).sum();
    NodeCpu total = perNode.isEmpty() ? null : new NodeCpu(cpuUs, requests, perNode.values().stream()
        .mapToDouble(NodeCpu::seconds).max().orElse(0));
    return new BenchResult(mode, concurrency, targetRate, seconds, ok, errors, throughput, latency, serverTotal,
        serverQueue, serverCompute, meanBatchSize, serverOverhead, merged, total);
  }

  /** Calls one node answered (by the node id in the responses), and its CPU when it could be read. */
  public record NodeResult(String nodeId, long ok, double throughput, LatencyRecorder.Percentiles latency,
      NodeCpu cpu) {}

  /**
   * A node's process CPU time and the requests it answered over the measured period (from
   * ClusterStatus before and after), so CPU per request is the node's own cost whatever else
   * runs on the machine.
   */
  public record NodeCpu(long cpuMicros, long requests, double seconds) {

    public double cpuMicrosPerRequest() {
      return requests == 0 ? 0 : (double) cpuMicros / requests;
    }

    /** Cores the node kept busy on average. */
    public double cores() {
      return seconds <= 0 ? 0 : cpuMicros / 1e6 / seconds;
    }
  }
}
