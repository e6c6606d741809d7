package io.emotioncluster.admin.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drives Classify with asynchronous calls (no thread per outstanding request, so a 2-core client
 * can hold 64 in flight). Only requests that start after the warm-up are measured.
 */
public final class LoadGenerator {

  private final Channel channel;
  private final ClassifyRequest request;

  public LoadGenerator(Channel channel, ClassifyRequest request) {
    this.channel = channel;
    this.request = request;
  }

  public BenchResult run(BenchPlan plan) throws InterruptedException {
    return run(plan, () -> { }, () -> { });
  }

  /**
   * As {@link #run(BenchPlan)}, calling {@code atStart} when the measured period begins (after the
   * warm-up) and {@code atEnd} when it ends, on a separate thread: where a caller reads the
   * nodes' CPU counters.
   */
  public BenchResult run(BenchPlan plan, Runnable atStart, Runnable atEnd) throws InterruptedException {
    Run run = new Run(plan);
    ScheduledExecutorService hooks = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-probe");
      t.setDaemon(true);
      return t;
    });
    hooks.schedule(atStart, plan.warmup().toNanos(), TimeUnit.NANOSECONDS);
    try {
      BenchResult result = plan.openLoop() ? run.open() : run.closed();
      hooks.shutdown(); // a pending atStart still runs (the run ended inside its warm-up)
      hooks.awaitTermination(30, TimeUnit.SECONDS);
      atEnd.run();
      return result;
    } finally {
      hooks.shutdownNow();
    }
  }

  private final class Run {
    final BenchPlan plan;
    final EmotionServiceGrpc.EmotionServiceFutureStub stub = EmotionServiceGrpc.newFutureStub(channel);
    final LatencyRecorder latency = new LatencyRecorder();
    final LatencyRecorder serverTotal = new LatencyRecorder();
    final LatencyRecorder serverQueue = new LatencyRecorder();
    final LatencyRecorder serverCompute = new LatencyRecorder();
    final LatencyRecorder serverOverhead = new LatencyRecorder();
    final Map<String, LatencyRecorder> byNode = new ConcurrentHashMap<>();
    final LongAdder batchSum = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final AtomicLong measured = new AtomicLong();
    final AtomicLong started = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();
    long measureFrom;
    long stopAt;
    volatile long measureEnd;

    Run(BenchPlan plan) {
      this.plan = plan;
    }

    /** Whether a request due at {@code due} is sent; counts it against a request budget. */
    boolean claim(long due) {
      if (due < measureFrom) {
        return true; // warm-up traffic
      }
      if (plan.requests() > 0) {
        return started.incrementAndGet() <= plan.requests();
      }
      return due < stopAt;
    }

    BenchResult closed() throws InterruptedException {
      long t0 = System.nanoTime();
      measureFrom = t0 + plan.warmup().toNanos();
      stopAt = measureFrom + (plan.duration() == null ? Long.MAX_VALUE / 4 : plan.duration().toNanos());
      CountDownLatch done = new CountDownLatch(plan.concurrency());
      for (int i = 0; i < plan.concurrency(); i++) {
        sendNext(done);
      }
      done.await();
      return result("closed", t0);
    }

    void sendNext(CountDownLatch userDone) {
      long now = System.nanoTime();
      if (!claim(now)) {
        userDone.countDown();
        return;
      }
      send(now, () -> sendNext(userDone));
    }

    BenchResult open() throws InterruptedException {
      long t0 = System.nanoTime();
      measureFrom = t0 + plan.warmup().toNanos();
      stopAt = measureFrom + (plan.duration() == null ? Long.MAX_VALUE / 4 : plan.duration().toNanos());
      long intervalNanos = (long) (1e9 / plan.ratePerSecond());
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-ticker");
        t.setDaemon(true);
        return t;
      });
      CountDownLatch finished = new CountDownLatch(1);
      long[] next = {t0};
      ticker.scheduleAtFixedRate(() -> {
        long now = System.nanoTime();
        // send every arrival that is due, each timed from when it was due (no coordinated omission)
        while (next[0] <= now) {
          if (!claim(next[0])) {
            finished.countDown();
            return;
          }
          send(next[0], () -> { });
          next[0] += intervalNanos;
        }
      }, 0, Math.max(50_000, intervalNanos / 4), TimeUnit.NANOSECONDS);
      finished.await();
      ticker.shutdownNow();
      long until = System.nanoTime() + plan.timeout().toNanos();
      while (inFlight.get() > 0 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      return result("open", t0);
    }

    void send(long dueNanos, Runnable then) {
      inFlight.incrementAndGet();
      var call = stub.withDeadlineAfter(plan.timeout().toMillis(), TimeUnit.MILLISECONDS).classify(request);
      Futures.addCallback(call, new FutureCallback<ClassifyResponse>() {
        @Override
        public void onSuccess(ClassifyResponse r) {
          long end = System.nanoTime();
          if (dueNanos >= measureFrom && dueNanos < stopAt) {
            measured.incrementAndGet();
            latency.record((end - dueNanos) / 1000);
            serverTotal.record(r.getTiming().getTotalUs());
            serverQueue.record(r.getTiming().getQueueUs());
            serverCompute.record(r.getTiming().getComputeUs());
            // what the node adds to the forward pass: decode, queueing, hand-offs, building the answer
            serverOverhead.record(Math.max(0, r.getTiming().getTotalUs() - r.getTiming().getComputeUs()));
            byNode.computeIfAbsent(r.getNodeId(), k -> new LatencyRecorder()).record((end - dueNanos) / 1000);
            batchSum.add(r.getTiming().getBatchSize());
            measureEnd = Math.max(measureEnd, end);
          }
          inFlight.decrementAndGet();
          then.run();
        }

        @Override
        public void onFailure(Throwable t) {
          if (dueNanos >= measureFrom && dueNanos < stopAt) {
            errors.computeIfAbsent(Status.fromThrowable(t).getCode().name(), k -> new LongAdder()).increment();
          }
          inFlight.decrementAndGet();
          then.run();
        }
      }, MoreExecutors.directExecutor());
    }

    BenchResult result(String mode, long t0) {
      long end = measureEnd == 0 ? System.nanoTime() : measureEnd;
      double seconds = Math.max(1e-9, (Math.min(end, stopAt) - measureFrom) / 1e9);
      Map<String, Long> errs = new TreeMap<>();
      errors.forEach((k, v) -> errs.put(k, v.sum()));
      long ok = measured.get();
      Map<String, BenchResult.NodeResult> nodes = new TreeMap<>();
      byNode.forEach((node, rec) -> {
        LatencyRecorder.Percentiles p = rec.percentiles();
        nodes.put(node, new BenchResult.NodeResult(node, p.count(), p.count() / seconds, p, null));
      });
      return new BenchResult(mode, plan.concurrency(), plan.ratePerSecond(), seconds, ok, errs, ok / seconds,
          latency.percentiles(), serverTotal.percentiles(), serverQueue.percentiles(), serverCompute.percentiles(),
          ok == 0 ? 0 : (double) batchSum.sum() / ok, serverOverhead.percentiles(), nodes, null);
    }
  }
}
