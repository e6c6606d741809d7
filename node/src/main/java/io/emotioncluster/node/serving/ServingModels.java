package io.emotioncluster.node.serving;

import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.image.Preprocessor;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.faceapi.FaceApiImporter;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.registry.ChecksumMismatchException;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.VersionRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classifier versions this node has in memory. Versions load on first use (off the event
 * loop) and are reported ready only after warm-up. The production version a request gets when it
 * names none switches only once the new one is warm, so a promotion fails no request.
 */
public final class ServingModels implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServingModels.class);

  private final ModelRegistry registry;
  private final EngineConfig engine;
  private final BatchingConfig batching;
  private final Executor loader;
  private final Map<String, CompletableFuture<LoadedModel>> loaded = new ConcurrentHashMap<>();
  private volatile String servingProduction;
  private volatile String preparingReason;
  private volatile ServingObserver observer = ServingObserver.NONE;

  public ServingModels(ModelRegistry registry, EngineConfig engine, BatchingConfig batching, Executor loader) {
    this.registry = registry;
    this.engine = engine;
    this.batching = batching;
    this.loader = loader;
    registry.onProductionChange(kind -> {
      if (kind == ModelKind.CLASSIFIER) {
        warmProduction();
      }
    });
  }

  /** Where load, warm-up and batch figures go (metrics); set before the first load. */
  public void observe(ServingObserver o) {
    this.observer = o;
  }

  /** Loads and warms the registry's production classifier, then routes unnamed requests to it. */
  public CompletableFuture<Void> warmProduction() {
    String id = registry.production(ModelKind.CLASSIFIER).orElse(null);
    if (id == null) {
      return CompletableFuture.completedFuture(null);
    }
    return load(id).thenAccept(m -> {
      synchronized (this) {
        if (id.equals(servingProduction)) {
          return;
        }
        servingProduction = id;
      }
      LOG.info("serving production classifier {} (warmed up)", id);
    });
  }

  /**
   * While the node prepares its first model (bootstrap), requests for production get UNAVAILABLE
   * with this reason, which tells clients to retry. Null clears it.
   */
  public void preparing(String reason) {
    this.preparingReason = reason;
  }

  /** True when a production classifier is loaded and warm. */
  public boolean ready() {
    return servingProduction != null;
  }

  /** The model to use for a request: the named version, or production when empty. */
  public CompletableFuture<LoadedModel> resolve(String version) {
    String id = version == null || version.isBlank() ? servingProduction : version.trim();
    if (id == null) {
      String pending = registry.production(ModelKind.CLASSIFIER).orElse(null);
      if (pending == null && preparingReason != null) {
        return CompletableFuture.failedFuture(
            new ServiceException(ServiceException.Kind.UNAVAILABLE, preparingReason));
      }
      if (pending == null) {
        return CompletableFuture.failedFuture(ServiceException.precondition("this node has no production "
            + "classifier yet: train one (Train), or promote a registered version (Promote); a node "
            + "started on an empty data directory bootstraps one unless started with --no-bootstrap"));
      }
      id = pending; // production is registered but still warming: wait for it
    }
    VersionRecord v;
    try {
      v = registry.require(id);
    } catch (ServiceException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (v.kind() != ModelKind.CLASSIFIER) {
      return CompletableFuture.failedFuture(ServiceException.invalid("version " + id + " is a "
          + v.kind().name().toLowerCase() + ", not a classifier"));
    }
    return load(id);
  }

  /**
   * The model for faces found in a real photo or camera frame (detect_faces): the named version
   * when there is one; otherwise production when it is a real-photo model (the face-api
   * architecture, imported or trained from it); otherwise the newest imported face-api version
   * that is not archived.
   * Only when the node has none of those does production answer. The SynthFACS bootstrap is
   * trained on drawn faces and answers photos with noise, so it must not be the default here.
   */
  public CompletableFuture<LoadedModel> resolveForFaces(String version) {
    if (version != null && !version.isBlank()) {
      return resolve(version);
    }
    return resolve(faceModelId().orElse(""));
  }

  /** The version {@link #resolveForFaces} picks when none is named; empty = production. */
  public java.util.Optional<String> faceModelId() {
    String prod = servingProduction != null ? servingProduction
        : registry.production(ModelKind.CLASSIFIER).orElse(null);
    if (prod != null && registry.get(prod).map(ServingModels::isPhotoModel).orElse(false)) {
      return java.util.Optional.empty();
    }
    return registry.list(ModelKind.CLASSIFIER, null).stream()
        .filter(v -> isPhotoModel(v) && FaceApiImporter.SOURCE.equals(v.source()))
        .filter(v -> registry.stage(v.id()) != io.emotioncluster.node.registry.Stage.ARCHIVED)
        .findFirst() // the registry lists newest first
        .map(VersionRecord::id);
  }

  private static boolean isPhotoModel(VersionRecord v) {
    return v.kind() == ModelKind.CLASSIFIER && v.architecture() != null
        && Architecture.FACEAPI_EXPRESSION.equals(v.architecture().name());
  }

  private CompletableFuture<LoadedModel> load(String id) {
    CompletableFuture<LoadedModel> f = loaded.computeIfAbsent(id, k -> CompletableFuture
        .supplyAsync(() -> open(k), loader)
        .thenCompose(m -> m.predictor().ready().thenApply(x -> m).whenComplete((x, e) -> {
          if (e == null) {
            observer.warmedUp(k, System.nanoTime() - m.predictor().startedNanos());
          }
          if (e != null) {
            m.predictor().close(); // warm-up failed: free its threads and native memory
          }
        })));
    // A failed load is forgotten so that a later request can retry it.
    f.whenComplete((m, e) -> {
      if (e != null) {
        loaded.remove(id, f);
      }
    });
    return f;
  }

  private LoadedModel open(String id) {
    long t0 = System.nanoTime();
    VersionRecord v = registry.require(id);
    try {
      Classifier c = registry.loadClassifier(id, engine);
      BatchingPredictor p = new BatchingPredictor(id, c, batching, observer);
      observer.loaded(id, System.nanoTime() - t0);
      LOG.info("loaded model version {} ({}) in {} ms; warming up", id, v.architecture().name(),
          (System.nanoTime() - t0) / 1_000_000);
      return new LoadedModel(v, p, new Preprocessor(v.architecture().input()));
    } catch (ChecksumMismatchException e) {
      throw new CompletionException(new ServiceException(ServiceException.Kind.DATA_LOSS,
          e.getMessage() + "; restore the data directory from a backup or delete the version", e));
    } catch (IOException e) {
      throw new CompletionException(new ServiceException(ServiceException.Kind.PRECONDITION,
          "version " + id + " could not be loaded: " + e.getMessage(), e));
    }
  }

  /** Loads and warms a version (no switch): used before promoting it. */
  public CompletableFuture<LoadedModel> prepare(String id) {
    return resolve(id);
  }

  /** Drops a deleted version from memory; requests still queued on it get UNAVAILABLE. */
  public void unload(String id) {
    CompletableFuture<LoadedModel> f = loaded.remove(id);
    if (f != null) {
      f.thenAccept(m -> m.predictor().close());
    }
  }

  public List<String> loadedVersions() {
    return loaded.entrySet().stream()
        .filter(e -> e.getValue().isDone() && !e.getValue().isCompletedExceptionally())
        .map(Map.Entry::getKey).sorted().toList();
  }

  public int queueDepth() {
    return loaded.values().stream()
        .filter(f -> f.isDone() && !f.isCompletedExceptionally())
        .mapToInt(f -> f.join().predictor().queueDepth()).sum();
  }

  @Override
  public void close() {
    for (CompletableFuture<LoadedModel> f : loaded.values()) {
      f.thenAccept(m -> m.predictor().close());
    }
    loaded.clear();
  }
}
