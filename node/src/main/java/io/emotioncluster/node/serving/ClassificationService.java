package io.emotioncluster.node.serving;

import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.detect.DetectedFace;
import io.emotioncluster.node.detect.FaceAligner;
import io.emotioncluster.node.detect.FaceDetector;
import io.emotioncluster.node.image.ImageDecoder;
import io.emotioncluster.node.image.PixelImage;
import java.util.ArrayList;
import java.util.List;
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
  private final String detectorName;
  private volatile FaceDetector detector;

  public ClassificationService(ServingModels models, ImageDecoder decoder, Executor decodePool) {
    this(models, decoder, decodePool, "");
  }

  /** @param detectorName the face detector for detect_faces ({@link FaceDetector#named}; "" = default) */
  public ClassificationService(ServingModels models, ImageDecoder decoder, Executor decodePool,
      String detectorName) {
    this.detectorName = FaceDetector.requireKnown(detectorName); // a typo fails at start, not per request
    this.models = models;
    this.decoder = decoder;
    this.decodePool = decodePool;
  }

  public CompletableFuture<Classification> classify(ImageInput input, String version,
      long deadlineNanos, BooleanSupplier cancelled) {
    long arrived = System.nanoTime();
    return models.resolve(version).thenCompose(model -> {
      long[] decodeNanos = new long[1];
      return onDecodePool(() -> {
        long t0 = System.nanoTime();
        float[] x = model.preprocessor().apply(decode(input));
        decodeNanos[0] = System.nanoTime() - t0;
        return x;
      })
          .thenCompose(x -> model.predictor().submit(x, deadlineNanos, cancelled))
          .thenApply(r -> {
            long total = (System.nanoTime() - arrived) / 1000;
            latencies.record(total);
            return new Classification(model.version().id(), r.probabilities(), decodeNanos[0] / 1000,
                r.queueMicros(), r.computeMicros(), total, r.batchSize());
          });
    });
  }

  /**
   * Classify every face in the image: decode, detect and align on the decode pool (never on the
   * caller's thread), then queue each face on the model's batcher. Faces come back largest first;
   * none when no face is found. With no version named, faces go to the node's face model
   * ({@link ServingModels#resolveForFaces}).
   */
  public CompletableFuture<FaceClassification> classifyFaces(ImageInput input, String version,
      long deadlineNanos, BooleanSupplier cancelled) {
    long arrived = System.nanoTime();
    return models.resolveForFaces(version).thenCompose(model -> {
      record Prepared(List<DetectedFace> faces, List<float[]> tensors, long decodeMicros,
          long imageMicros, long detectMicros, long alignMicros) {}
      CompletableFuture<Prepared> prepared = onDecodePool(() -> {
        long t0 = System.nanoTime();
        PixelImage image = decode(input);
        long t1 = System.nanoTime();
        List<DetectedFace> faces = detector().detect(image);
        long t2 = System.nanoTime();
        int side = model.version().architecture().input().width();
        List<float[]> tensors = new ArrayList<>(faces.size());
        for (DetectedFace f : faces) {
          tensors.add(model.preprocessor().apply(
              FaceAligner.align(image, f, FaceAligner.DEFAULT_MARGIN, side)));
        }
        long t3 = System.nanoTime();
        return new Prepared(faces, tensors, (t3 - t0) / 1000, (t1 - t0) / 1000, (t2 - t1) / 1000,
            (t3 - t2) / 1000);
      });
      return prepared.thenCompose(p -> {
        List<CompletableFuture<InferenceResult>> results = new ArrayList<>(p.tensors().size());
        for (float[] x : p.tensors()) {
          results.add(model.predictor().submit(x, deadlineNanos, cancelled));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(v -> {
          long total = (System.nanoTime() - arrived) / 1000;
          latencies.record(total);
          List<FaceClassification.Face> faces = new ArrayList<>(results.size());
          long queue = 0;
          long compute = 0;
          int batch = 0;
          for (int i = 0; i < results.size(); i++) {
            InferenceResult r = results.get(i).join();
            queue = Math.max(queue, r.queueMicros());
            compute = Math.max(compute, r.computeMicros());
            batch = Math.max(batch, r.batchSize());
            faces.add(new FaceClassification.Face(p.faces().get(i), new Classification(
                model.version().id(), r.probabilities(), p.decodeMicros(), r.queueMicros(),
                r.computeMicros(), total, r.batchSize())));
          }
          return new FaceClassification(model.version().id(), faces, p.decodeMicros(),
              p.imageMicros(), p.detectMicros(), p.alignMicros(), queue, compute, total, batch);
        });
      });
    });
  }

  /** Runs CPU work on the bounded decode pool; a full pool answers OVERLOADED at once. */
  private <T> CompletableFuture<T> onDecodePool(java.util.function.Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, decodePool);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(ServiceException.overloaded(
          "image decoding queue is full; retry with backoff"));
    }
  }

  /**
   * Loads OpenCV and runs one detection, so the first detect_faces request does not pay the
   * seconds of native loading. Called off the event loop at node start; failures only log.
   */
  public void warmUpDetector() {
    detector().detect(new PixelImage(64, 64, 1, new byte[64 * 64]));
  }

  /** The detector detect_faces uses (created on first use). */
  public String detectorName() {
    return detector().name();
  }

  /** The face detector, created on first use (loads OpenCV and the model once). */
  private FaceDetector detector() {
    FaceDetector d = detector;
    if (d == null) {
      synchronized (this) {
        d = detector;
        if (d == null) {
          d = FaceDetector.named(detectorName);
          detector = d;
        }
      }
    }
    return d;
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
