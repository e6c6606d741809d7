package io.emotioncluster.node.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchingPredictorTest {

  static final EngineConfig CPU = new EngineConfig("MXNet", "cpu");
  static final Architecture TINY = new Architecture("custom", InputSpec.of(16, 16, 1),
      List.of(4, 8), List.of(1, 1), List.of(16), 0.5f);

  static float[] image(long seed) {
    float[] x = new float[TINY.input().size()];
    Random r = new Random(seed);
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    return x;
  }

  static ServiceException.Kind failureKind(CompletableFuture<?> f) {
    try {
      f.join();
    } catch (CompletionException e) {
      return ((ServiceException) e.getCause()).kind();
    }
    throw new AssertionError("request succeeded");
  }

  @Test
  void everyRequestGetsItsOwnResultExactlyOnceWhenBatched() throws Exception {
    Classifier c = Classifier.create(TINY, CPU);
    float[][] expected = new float[200][];
    try (Classifier.Forward f = c.newForward()) {
      for (int i = 0; i < expected.length; i++) {
        expected[i] = f.probabilities(image(i), 1)[0];
      }
    }
    try (BatchingPredictor p = new BatchingPredictor("t", c, new BatchingConfig(2, 16, 2000, 1000, 2))) {
      p.ready().get(30, TimeUnit.SECONDS);
      List<CompletableFuture<InferenceResult>> results = new ArrayList<>();
      for (int i = 0; i < expected.length; i++) {
        results.add(p.submit(image(i), Long.MAX_VALUE, () -> false));
      }
      int maxBatch = 0;
      for (int i = 0; i < expected.length; i++) {
        InferenceResult r = results.get(i).get(30, TimeUnit.SECONDS);
        maxBatch = Math.max(maxBatch, r.batchSize());
        for (int k = 0; k < 7; k++) {
          assertThat(r.probabilities()[k]).isCloseTo(expected[i][k], within(1e-5f));
        }
      }
      assertThat(maxBatch).as("requests submitted together share forward passes").isGreaterThan(1);
    }
  }

  @Test
  void readinessWaitsForEveryWorkersWarmUp() throws Exception {
    Classifier c = Classifier.create(TINY, CPU);
    long t0 = System.nanoTime();
    try (BatchingPredictor p = new BatchingPredictor("t", c, new BatchingConfig(2, 8, 0, 10, 400))) {
      assertThat(p.ready()).as("not ready while warming up").isNotDone();
      p.ready().get(60, TimeUnit.SECONDS);
      long warmMillis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(warmMillis).isPositive();
      assertThat(p.submit(image(1), Long.MAX_VALUE, () -> false).get(10, TimeUnit.SECONDS).probabilities()).hasSize(7);
    }
  }

  @Test
  void batchesArePaddedToPowersOfTwoUpToTheMaximum() throws Exception {
    try (BatchingPredictor p = new BatchingPredictor("t", Classifier.create(TINY, CPU), new BatchingConfig(1, 24, 0, 10, 1))) {
      assertThat(p.paddedSize(1)).isEqualTo(1);
      assertThat(p.paddedSize(3)).isEqualTo(4);
      assertThat(p.paddedSize(8)).isEqualTo(8);
      assertThat(p.paddedSize(9)).isEqualTo(16);
      assertThat(p.paddedSize(17)).isEqualTo(24);
      assertThat(p.paddedSize(24)).isEqualTo(24);
    }
  }

  @Test
  void partialBatchIsFlushedAfterTheQueueDelay() throws Exception {
    Classifier c = Classifier.create(TINY, CPU);
    try (BatchingPredictor p = new BatchingPredictor("t", c, new BatchingConfig(1, 64, 20_000, 100, 1))) {
      p.ready().get(30, TimeUnit.SECONDS);
      InferenceResult r = p.submit(image(1), Long.MAX_VALUE, () -> false).get(10, TimeUnit.SECONDS);
      assertThat(r.batchSize()).isEqualTo(1);
      assertThat(r.queueMicros()).isGreaterThanOrEqualTo(15_000); // waited for company, then went alone
    }
  }

  @Test
  void fullQueueIsRefusedAtOnceAndExpiredOrCancelledRequestsAreDropped() throws Exception {
    Classifier c = Classifier.create(TINY, CPU);
    // warm-up of many batches keeps the single worker busy while we fill its queue
    try (BatchingPredictor p = new BatchingPredictor("t", c, new BatchingConfig(1, 1, 0, 3, 3000))) {
      List<CompletableFuture<InferenceResult>> queued = new ArrayList<>();
      queued.add(p.submit(image(1), System.nanoTime() - 1, () -> false));      // already expired
      queued.add(p.submit(image(2), Long.MAX_VALUE, () -> true));              // caller gone
      queued.add(p.submit(image(3), Long.MAX_VALUE, () -> false));
      CompletableFuture<InferenceResult> overflow = p.submit(image(4), Long.MAX_VALUE, () -> false);

      assertThat(overflow).isCompletedExceptionally();
      assertThat(failureKind(overflow)).isEqualTo(ServiceException.Kind.OVERLOADED);
      assertThat(failureKind(queued.get(0))).isEqualTo(ServiceException.Kind.DEADLINE);
      assertThat(failureKind(queued.get(1))).isEqualTo(ServiceException.Kind.CANCELLED);
      assertThat(queued.get(2).get(60, TimeUnit.SECONDS).probabilities()).hasSize(7);
    }
  }
}
