package io.emotioncluster.node.serving;

import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.model.Classifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one loaded classifier: a bounded request queue drained by worker threads, each owning
 * a predictor and a reusable input buffer, that group waiting requests into one forward pass.
 * Requests whose deadline passed or whose caller went away are dropped before computing.
 */
public final class BatchingPredictor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BatchingPredictor.class);

  private final Classifier classifier;
  private final BatchingConfig config;
  private final String name;
  private final BlockingQueue<Request> queue;
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicInteger warming;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private volatile boolean closed;
  private final ServingObserver observer;
  private final long startedNanos = System.nanoTime();

  private record Request(float[] input, long enqueuedNanos, long deadlineNanos, BooleanSupplier cancelled,
      CompletableFuture<InferenceResult> result) {}

  public BatchingPredictor(String name, Classifier classifier, BatchingConfig config) {
    this(name, classifier, config, ServingObserver.NONE);
  }

  public BatchingPredictor(String name, Classifier classifier, BatchingConfig config, ServingObserver observer) {
    this.observer = observer;
    this.name = name;
    this.classifier = classifier;
    this.config = config;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.warming = new AtomicInteger(config.workers());
    for (int i = 0; i < config.workers(); i++) {
      Thread t = new Thread(this::work, "infer-" + name + "-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  /** {@link System#nanoTime()} when the workers started warming up. */
  public long startedNanos() {
    return startedNanos;
  }

  /** Completes once every worker has run its warm-up batches. */
  public CompletableFuture<Void> ready() {
    return ready;
  }

  public InputSpec input() {
    return classifier.input();
  }

  public int queueDepth() {
    return queue.size();
  }

  /**
   * Queues one preprocessed image. Fails at once with OVERLOADED when the queue is full.
   *
   * @param deadlineNanos {@link System#nanoTime()} after which the result is useless, or
   *                      {@link Long#MAX_VALUE}
   */
  public CompletableFuture<InferenceResult> submit(float[] input, long deadlineNanos, BooleanSupplier cancelled) {
    CompletableFuture<InferenceResult> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new ServiceException(ServiceException.Kind.UNAVAILABLE,
          "model " + name + " is unloading; retry"));
      return result;
    }
    Request r = new Request(input, System.nanoTime(), deadlineNanos, cancelled, result);
    if (!queue.offer(r)) {
      result.completeExceptionally(ServiceException.overloaded("inference queue of model " + name
          + " is full (" + config.queueCapacity() + " requests waiting); retry with backoff or add nodes"));
    }
    return result;
  }

  private void work() {
    int size = classifier.input().size();
    float[] buffer = new float[config.maxBatchSize() * size];
    List<Request> batch = new ArrayList<>(config.maxBatchSize());
    try (Classifier.Forward forward = classifier.newForward()) {
      try {
        warmUp(forward, buffer);
      } catch (RuntimeException e) {
        ready.completeExceptionally(e);
        throw e;
      }
      if (warming.decrementAndGet() == 0) {
        ready.complete(null);
      }
      while (!closed) {
        Request first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.clear();
        batch.add(first);
        fill(batch);
        runBatch(forward, buffer, size, batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("inference worker for {} stopped", name, e);
    }
  }

  /** Every shape the worker will run (batch 1 most often, the common case), several times each. */
  private void warmUp(Classifier.Forward forward, float[] buffer) {
    for (int i = 0; i < config.warmupBatches(); i++) {
      int n = i % 2 == 0 ? 1 : paddedSize(1 << ((i / 2) % (Integer.numberOfTrailingZeros(
          Integer.highestOneBit(config.maxBatchSize())) + 1)));
      forward.probabilities(buffer, n);
    }
  }

  /**
   * The batch size actually computed: the next power of two (capped at the maximum). MXNet's CPU
   * kernels are measured to run odd sizes far slower per image (batch 23 took longer than 32),
   * and each new shape costs a kernel set-up, so a few fixed shapes beat exact ones, as with
   * Triton's preferred batch sizes. The padding rows are ignored.
   */
  int paddedSize(int n) {
    int p = Integer.highestOneBit(n);
    if (p < n) {
      p <<= 1;
    }
    return Math.min(p, config.maxBatchSize());
  }

  private void fill(List<Request> batch) throws InterruptedException {
    queue.drainTo(batch, config.maxBatchSize() - batch.size());
    if (config.maxQueueDelayMicros() == 0) {
      return;
    }
    long until = System.nanoTime() + config.maxQueueDelayMicros() * 1000;
    while (batch.size() < config.maxBatchSize()) {
      long left = until - System.nanoTime();
      if (left <= 0) {
        break;
      }
      Request next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        break;
      }
      batch.add(next);
      queue.drainTo(batch, config.maxBatchSize() - batch.size());
    }
  }

  private void runBatch(Classifier.Forward forward, float[] buffer, int size, List<Request> batch) {
    long start = System.nanoTime();
    List<Request> live = new ArrayList<>(batch.size());
    for (Request r : batch) {
      if (r.cancelled().getAsBoolean()) {
        r.result().completeExceptionally(new ServiceException(ServiceException.Kind.CANCELLED,
            "request cancelled by the client"));
      } else if (start > r.deadlineNanos()) {
        r.result().completeExceptionally(new ServiceException(ServiceException.Kind.DEADLINE,
            "deadline passed while queued (" + (start - r.enqueuedNanos()) / 1000 + " us in queue)"));
      } else {
        System.arraycopy(r.input(), 0, buffer, live.size() * size, size);
        live.add(r);
      }
    }
    if (live.isEmpty()) {
      return;
    }
    try {
      float[][] probs = forward.probabilities(buffer, paddedSize(live.size()));
      long computeMicros = (System.nanoTime() - start) / 1000;
      observer.batch(live.size(), paddedSize(live.size()));
      for (int i = 0; i < live.size(); i++) {
        Request r = live.get(i);
        r.result().complete(new InferenceResult(probs[i], (start - r.enqueuedNanos()) / 1000,
            computeMicros, live.size()));
      }
    } catch (RuntimeException e) {
      LOG.error("inference failed on model {}", name, e);
      for (Request r : live) {
        r.result().completeExceptionally(e);
      }
    }
  }

  /** Stops the workers after failing whatever is still queued. */
  @Override
  public void close() {
    closed = true;
    for (Thread t : workers) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Request r;
    while ((r = queue.poll()) != null) {
      r.result().completeExceptionally(new ServiceException(ServiceException.Kind.UNAVAILABLE,
          "model " + name + " was unloaded; retry"));
    }
    classifier.close();
  }
}
