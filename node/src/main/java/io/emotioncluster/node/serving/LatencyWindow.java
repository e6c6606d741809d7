package io.emotioncluster.node.serving;

import java.util.Arrays;

/** The last N latencies in a ring, for p50/p99 in status reports (not for benchmarks). */
public final class LatencyWindow {

  private final long[] ring;
  private int next;
  private int count;
  private long recorded;

  public LatencyWindow(int capacity) {
    this.ring = new long[capacity];
  }

  public synchronized void record(long micros) {
    ring[next] = micros;
    next = (next + 1) % ring.length;
    count = Math.min(count + 1, ring.length);
    recorded++;
  }

  /** Everything ever recorded (requests answered), not only the window. */
  public synchronized long recorded() {
    return recorded;
  }

  /** The q-quantile (0..1) of the window in microseconds, 0 when empty. */
  public synchronized long quantile(double q) {
    if (count == 0) {
      return 0;
    }
    long[] copy = Arrays.copyOf(ring, count);
    Arrays.sort(copy);
    return copy[Math.min(count - 1, (int) Math.floor(q * count))];
  }
}
