package io.emotioncluster.node.app;

import io.emotioncluster.node.image.ImageLimits;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.serving.BatchingConfig;
import java.nio.file.Path;

/**
 * Everything a node needs to start. Built from flags and environment by {@link NodeMain}, or
 * directly by tests and embedders.
 *
 * @param port             gRPC port; 0 picks a free one (see {@link EmotionNode#port()})
 * @param maxMessageBytes  largest inbound gRPC message (camera frames need more than 256 KiB)
 * @param bootstrap        train and promote a SynthFACS model when the registry is empty
 * @param datasetsDir      the only place Train requests may read datasets from; null = data/datasets
 * @param concurrentJobs   training jobs run at once on this node; more wait QUEUED
 * @param importFaceApi    register the bundled face-api expression model (a candidate) if missing
 * @param operations       authentication, TLS, metrics port, request limits (issue 8)
 * @param faceDetector     the detector for detect_faces (blazeface, blazeface-full, blazeface-short, haar; blank = default)
 */
public record NodeConfig(
    String nodeId,
    String host,
    int port,
    Path dataDir,
    EngineConfig engine,
    BatchingConfig batching,
    int decodeThreads,
    int maxMessageBytes,
    ImageLimits imageLimits,
    boolean bootstrap,
    BootstrapPlan bootstrapPlan,
    Path datasetsDir,
    int concurrentJobs,
    boolean importFaceApi,
    OperationsConfig operations,
    String faceDetector) {

  public static final int DEFAULT_PORT = 50051;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  public static NodeConfig defaults(Path dataDir) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new NodeConfig("", "0.0.0.0", DEFAULT_PORT, dataDir, EngineConfig.defaults(),
        BatchingConfig.defaults(), Math.max(1, cores), DEFAULT_MAX_MESSAGE_BYTES, ImageLimits.DEFAULT,
        true, BootstrapPlan.defaults(), null, 1, true, OperationsConfig.defaults(), "");
  }

  public NodeConfig withPort(int p) {
    return new NodeConfig(nodeId, host, p, dataDir, engine, batching, decodeThreads, maxMessageBytes,
        imageLimits, bootstrap, bootstrapPlan, datasetsDir, concurrentJobs, importFaceApi, operations, faceDetector);
  }

  public NodeConfig withHost(String h) {
    return new NodeConfig(nodeId, h, port, dataDir, engine, batching, decodeThreads, maxMessageBytes,
        imageLimits, bootstrap, bootstrapPlan, datasetsDir, concurrentJobs, importFaceApi, operations, faceDetector);
  }

  public NodeConfig withBootstrap(boolean b, BootstrapPlan plan) {
    return new NodeConfig(nodeId, host, port, dataDir, engine, batching, decodeThreads, maxMessageBytes,
        imageLimits, b, plan, datasetsDir, concurrentJobs, importFaceApi, operations, faceDetector);
  }

  public NodeConfig withImageLimits(ImageLimits limits, int maxMessage) {
    return new NodeConfig(nodeId, host, port, dataDir, engine, batching, decodeThreads, maxMessage,
        limits, bootstrap, bootstrapPlan, datasetsDir, concurrentJobs, importFaceApi, operations, faceDetector);
  }

  public NodeConfig withDatasetsDir(Path dir) {
    return new NodeConfig(nodeId, host, port, dataDir, engine, batching, decodeThreads, maxMessageBytes,
        imageLimits, bootstrap, bootstrapPlan, dir, concurrentJobs, importFaceApi, operations, faceDetector);
  }

  public NodeConfig withFaceApiImport(boolean on) {
    return new NodeConfig(nodeId, host, port, dataDir, engine, batching, decodeThreads, maxMessageBytes,
        imageLimits, bootstrap, bootstrapPlan, datasetsDir, concurrentJobs, on, operations, faceDetector);
  }

  public NodeConfig withFaceDetector(String name) {
    return new NodeConfig(nodeId, host, port, dataDir, engine, batching, decodeThreads, maxMessageBytes,
        imageLimits, bootstrap, bootstrapPlan, datasetsDir, concurrentJobs, importFaceApi, operations, name);
  }

  /** Where Train requests may read datasets from. */
  public Path effectiveDatasetsDir() {
    return datasetsDir != null ? datasetsDir : dataDir.resolve("datasets");
  }

  public NodeConfig withBatching(BatchingConfig b) {
    return new NodeConfig(nodeId, host, port, dataDir, engine, b, decodeThreads, maxMessageBytes,
        imageLimits, bootstrap, bootstrapPlan, datasetsDir, concurrentJobs, importFaceApi, operations, faceDetector);
  }

  public NodeConfig withOperations(OperationsConfig ops) {
    return new NodeConfig(nodeId, host, port, dataDir, engine, batching, decodeThreads, maxMessageBytes,
        imageLimits, bootstrap, bootstrapPlan, datasetsDir, concurrentJobs, importFaceApi, ops, faceDetector);
  }
}
