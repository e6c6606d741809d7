package io.emotioncluster.admin.bench;

import java.util.Arrays;

/**
 * Collects latencies in microseconds (growable array; a benchmark's few million samples fit) and
 * reports exact percentiles, the way perf_analyzer users read them.
 */
public final class LatencyRecorder {

  private long[] values = new long[1 << 14];
  private int count;

  public synchronized void record(long micros) {
    if (count == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    values[count++] = micros;
  }

  public synchronized int count() {
    return count;
  }

  /** Percentiles (0..100) over everything recorded, nearest-rank. */
  public synchronized Percentiles percentiles() {
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    double mean = count == 0 ? 0 : Arrays.stream(sorted).average().orElse(0);
    return new Percentiles(count, mean, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99), rank(sorted, 99.9),
        count == 0 ? 0 : sorted[count - 1]);
  }

  static long rank(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int idx = (int) Math.ceil(p * sorted.length / 100.0 - 1e-9) - 1; // nearest rank, robust to rounding
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }

  public record Percentiles(int count, double mean, long p50, long p90, long p99, long p999, long max) {}
}
