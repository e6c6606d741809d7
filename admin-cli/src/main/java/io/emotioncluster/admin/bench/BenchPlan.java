package io.emotioncluster.admin.bench;

import java.time.Duration;

/**
 * What to run: a closed loop ({@code concurrency} requests always outstanding) or an open loop
 * ({@code ratePerSecond} arrivals, whatever the answers do), for a duration or a request count,
 * after a warm-up that is not measured.
 */
public record BenchPlan(int concurrency, double ratePerSecond, Duration duration, long requests, Duration warmup,
    Duration timeout) {

  public BenchPlan {
    if (concurrency < 1 && ratePerSecond <= 0) {
      throw new IllegalArgumentException("set a concurrency >= 1 (closed loop) or a rate > 0 (open loop)");
    }
    if ((duration == null || duration.isZero()) && requests <= 0) {
      throw new IllegalArgumentException("set a duration or a request count");
    }
  }

  public boolean openLoop() {
    return ratePerSecond > 0;
  }
}
