package io.emotioncluster.node.serving;

import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.image.ImageDecoder;
import io.emotioncluster.node.image.PixelImage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Classify without any network: decode and preprocess on the decode pool, then queue on the
 * model's batcher. Everything here runs off the caller's thread, so gRPC handlers can call it
 * from an event loop.
 */
public final class ClassificationService {

  private final ServingModels models;
  private final ImageDecoder decoder;
  private final Executor decodePool;
  private final LatencyWindow latencies = new LatencyWindow(4096);

  public ClassificationService(ServingModels models, ImageDecoder decoder, Executor decodePool) {
    this.models = models;
    this.decoder = decoder;
    this.decodePool = decodePool;
  }

  public CompletableFuture<Classification> classify(ImageInput input, String version,
      long deadlineNanos, BooleanSupplier cancelled) {
    long arrived = System.nanoTime();
    return models.resolve(version).thenCompose(model -> {
      CompletableFuture<float[]> tensor;
      long[] decodeNanos = new long[1];
      try {
        tensor = CompletableFuture.supplyAsync(() -> {
          long t0 = System.nanoTime();
          float[] x = model.preprocessor().apply(decode(input));
          decodeNanos[0] = System.nanoTime() - t0;
          return x;
        }, decodePool);
      } catch (RejectedExecutionException e) {
        return CompletableFuture.failedFuture(ServiceException.overloaded(
            "image decoding queue is full; retry with backoff"));
      }
      return tensor
          .thenCompose(x -> model.predictor().submit(x, deadlineNanos, cancelled))
          .thenApply(r -> {
            long total = (System.nanoTime() - arrived) / 1000;
            latencies.record(total);
            return new Classification(model.version().id(), r.probabilities(), decodeNanos[0] / 1000,
                r.queueMicros(), r.computeMicros(), total, r.batchSize());
          });
    });
  }

  /** Recent server-side latencies, for status reports. */
  public LatencyWindow latencies() {
    return latencies;
  }

  private PixelImage decode(ImageInput input) {
    if (input instanceof ImageInput.Encoded e) {
      return decoder.decode(e.bytes());
    }
    if (input instanceof ImageInput.Raw r) {
      return decoder.fromRaw(r.pixels(), r.width(), r.height(), r.channels());
    }
    throw ServiceException.invalid("request has no image: set image.encoded (PNG/JPEG/BMP/GIF bytes) "
        + "or image.raw (8-bit pixels with width, height, channels)");
  }
}
