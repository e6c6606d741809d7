package io.emotioncluster.node.app;

import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.image.ImageLimits;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.security.AuthConfig;
import io.emotioncluster.node.security.TlsConfig;
import io.emotioncluster.node.serving.BatchingConfig;
import io.emotioncluster.node.training.TrainingOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code emotion-node}: starts one node. Every flag has an environment variable equivalent. */
@Command(name = "emotion-node", mixinStandardHelpOptions = true, version = "emotion-node 0.1.0",
    subcommands = {ExportBackbone.class, EngineBench.class},
    sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Starts an emotion inference node: gRPC EmotionService + ModelAdmin + grpc.health.v1 + reflection.",
        "On an empty data directory it first trains and promotes a SynthFACS model (bootstrap).",
        "Each option can also be set through the environment variable shown; flags win."},
    footer = {"", "Launcher-only flag (bin/emotion-node):",
        "      --engine-threads=<n>   native engine (OpenMP) threads; env EMOTION_ENGINE_THREADS, default: cores.",
        "                             Exported as OMP_NUM_THREADS before the JVM starts."})
public final class NodeMain implements Callable<Integer> {

  @Option(names = {"-p", "--port"}, defaultValue = "${env:EMOTION_GRPC_PORT:-50051}",
      description = "gRPC port; 0 = any free port (env EMOTION_GRPC_PORT, default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", defaultValue = "${env:EMOTION_HOST:-0.0.0.0}",
      description = "interface to bind (env EMOTION_HOST, default ${DEFAULT-VALUE})")
  String host;

  @Option(names = {"-d", "--data-dir"}, defaultValue = "${env:EMOTION_DATA_DIR:-data}",
      description = "data directory: model registry, samples (env EMOTION_DATA_DIR, default ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(names = "--datasets-dir", defaultValue = "${env:EMOTION_DATASETS_DIR:-}",
      description = "the only directory Train may read datasets from (env EMOTION_DATASETS_DIR, "
          + "default <data-dir>/datasets); backbones go in <data-dir>/backbones")
  Path datasetsDir;

  @Option(names = "--concurrent-jobs", defaultValue = "${env:EMOTION_CONCURRENT_JOBS:-1}",
      description = "training jobs run at once; more wait queued (env EMOTION_CONCURRENT_JOBS, default ${DEFAULT-VALUE})")
  int concurrentJobs;

  @Option(names = "--node-id", defaultValue = "${env:EMOTION_NODE_ID:-}",
      description = "name of this node in responses and status (env EMOTION_NODE_ID, default host:port)")
  String nodeId;

  @Option(names = "--engine", defaultValue = "${env:EMOTION_ENGINE:-MXNet}",
      description = "DJL engine (env EMOTION_ENGINE, default ${DEFAULT-VALUE})")
  String engine;

  @Option(names = "--device", defaultValue = "${env:EMOTION_DEVICE:-auto}",
      description = "auto | cpu | gpu | gpu:N (env EMOTION_DEVICE, default ${DEFAULT-VALUE})")
  String device;

  @Option(names = "--inference-threads", defaultValue = "${env:EMOTION_INFERENCE_THREADS:-0}",
      description = "inference workers per model, each with its own predictor; 0 = one, which with "
          + "engine threads = cores measured fastest on CPU (env EMOTION_INFERENCE_THREADS)")
  int inferenceThreads;

  @Option(names = "--decode-threads", defaultValue = "${env:EMOTION_DECODE_THREADS:-0}",
      description = "image decoding threads; 0 = cores (env EMOTION_DECODE_THREADS)")
  int decodeThreads;

  @Option(names = "--max-batch-size", defaultValue = "${env:EMOTION_MAX_BATCH_SIZE:-32}",
      description = "largest inference batch (env EMOTION_MAX_BATCH_SIZE, default ${DEFAULT-VALUE})")
  int maxBatchSize;

  @Option(names = "--max-queue-delay-us", defaultValue = "${env:EMOTION_MAX_QUEUE_DELAY_US:-0}",
      description = "how long a batch may wait for more requests, microseconds; 0 = only batch what "
          + "is already queued (env EMOTION_MAX_QUEUE_DELAY_US, default ${DEFAULT-VALUE})")
  long maxQueueDelayMicros;

  @Option(names = "--queue-capacity", defaultValue = "${env:EMOTION_QUEUE_CAPACITY:-1024}",
      description = "waiting requests per model before RESOURCE_EXHAUSTED (env EMOTION_QUEUE_CAPACITY, "
          + "default ${DEFAULT-VALUE})")
  int queueCapacity;

  @Option(names = "--max-message-bytes", defaultValue = "${env:EMOTION_MAX_MESSAGE_BYTES:-16777216}",
      description = "largest inbound gRPC message (env EMOTION_MAX_MESSAGE_BYTES, default ${DEFAULT-VALUE})")
  int maxMessageBytes;

  @Option(names = "--max-image-bytes", defaultValue = "${env:EMOTION_MAX_IMAGE_BYTES:-8388608}",
      description = "largest encoded image (env EMOTION_MAX_IMAGE_BYTES, default ${DEFAULT-VALUE})")
  int maxImageBytes;

  @Option(names = "--max-image-side", defaultValue = "${env:EMOTION_MAX_IMAGE_SIDE:-4096}",
      description = "largest image width or height in px (env EMOTION_MAX_IMAGE_SIDE, default ${DEFAULT-VALUE})")
  int maxImageSide;

  @Option(names = "--max-image-pixels", defaultValue = "${env:EMOTION_MAX_IMAGE_PIXELS:-16777216}",
      description = "largest width x height (env EMOTION_MAX_IMAGE_PIXELS, default ${DEFAULT-VALUE})")
  long maxImagePixels;

  @Option(names = "--no-bootstrap", defaultValue = "${env:EMOTION_NO_BOOTSTRAP:-false}",
      description = "do not train a first model on an empty data directory (env EMOTION_NO_BOOTSTRAP)")
  boolean noBootstrap;

  @Option(names = "--no-import-faceapi", defaultValue = "${env:EMOTION_NO_IMPORT_FACEAPI:-false}",
      description = "do not register the bundled face-api expression model (real faces, MIT) as a candidate "
          + "version (env EMOTION_NO_IMPORT_FACEAPI)")
  boolean noImportFaceApi;

  @Option(names = "--no-bundled-generator", defaultValue = "${env:EMOTION_NO_BUNDLED_GENERATOR:-false}",
      description = "do not register the generator shipped with the node on an empty data directory "
          + "(env EMOTION_NO_BUNDLED_GENERATOR)")
  boolean noBundledGenerator;

  @Option(names = "--face-detector", defaultValue = "${env:EMOTION_FACE_DETECTOR:-blazeface}",
      description = "face detector for detect_faces: blazeface (= blazeface-full, MediaPipe full range), "
          + "blazeface-short (faces near the camera) or haar (OpenCV cascade) (env EMOTION_FACE_DETECTOR, "
          + "default ${DEFAULT-VALUE})")
  String faceDetector;

  @Option(names = "--bootstrap-epochs", defaultValue = "${env:EMOTION_BOOTSTRAP_EPOCHS:-16}",
      description = "epochs of the bootstrap training (env EMOTION_BOOTSTRAP_EPOCHS, default ${DEFAULT-VALUE})")
  int bootstrapEpochs;

  @Option(names = "--bootstrap-subjects", defaultValue = "${env:EMOTION_BOOTSTRAP_SUBJECTS:-60}",
      description = "SynthFACS subjects for bootstrap, 28 images each (env EMOTION_BOOTSTRAP_SUBJECTS, "
          + "default ${DEFAULT-VALUE})")
  int bootstrapSubjects;

  @Option(names = "--cluster-members", split = ",", defaultValue = "${env:EMOTION_CLUSTER_MEMBERS:-}",
      description = "cluster members to join, host[:port] separated by commas (this node may be listed); none = "
          + "standalone (env EMOTION_CLUSTER_MEMBERS)")
  java.util.List<String> clusterMembers;

  @Option(names = "--cluster-name", defaultValue = "${env:EMOTION_CLUSTER_NAME:-emotion}",
      description = "cluster name; only nodes with the same name join (env EMOTION_CLUSTER_NAME, default ${DEFAULT-VALUE})")
  String clusterName;

  @Option(names = "--cluster-host", defaultValue = "${env:EMOTION_CLUSTER_HOST:-}",
      description = "interface the cluster port binds to and advertises (env EMOTION_CLUSTER_HOST; default: "
          + "Hazelcast picks one)")
  String clusterHost;

  @Option(names = "--cluster-port", defaultValue = "${env:EMOTION_CLUSTER_PORT:-5701}",
      description = "cluster (Hazelcast) port; the next free one is used when taken (env EMOTION_CLUSTER_PORT, "
          + "default ${DEFAULT-VALUE})")
  int clusterPort;

  @Option(names = "--cluster-public-address", defaultValue = "${env:EMOTION_CLUSTER_PUBLIC_ADDRESS:-}",
      description = "host:port other members use to reach this one, behind NAT (env EMOTION_CLUSTER_PUBLIC_ADDRESS)")
  String clusterPublicAddress;

  @Option(names = "--cluster-kubernetes", defaultValue = "${env:EMOTION_CLUSTER_KUBERNETES:-false}",
      description = "find members through Kubernetes instead of a member list (env EMOTION_CLUSTER_KUBERNETES)")
  boolean clusterKubernetes;

  @Option(names = "--cluster-kubernetes-service-dns", defaultValue = "${env:EMOTION_CLUSTER_K8S_SERVICE_DNS:-}",
      description = "headless service for Kubernetes DNS discovery; empty = Kubernetes API (env "
          + "EMOTION_CLUSTER_K8S_SERVICE_DNS)")
  String clusterKubernetesDns;

  @Option(names = "--cluster-config-file", defaultValue = "${env:EMOTION_CLUSTER_CONFIG_FILE:-}",
      description = "Hazelcast XML/YAML replacing the shipped emotion-hazelcast.xml; the cluster flags still apply "
          + "(env EMOTION_CLUSTER_CONFIG_FILE)")
  String clusterConfigFile;

  @Option(names = "--cluster-heartbeat-timeout-s", defaultValue = "${env:EMOTION_CLUSTER_HEARTBEAT_TIMEOUT_S:-30}",
      description = "seconds without a heartbeat before a member is declared dead and its jobs move (env "
          + "EMOTION_CLUSTER_HEARTBEAT_TIMEOUT_S, default ${DEFAULT-VALUE})")
  int clusterHeartbeatTimeoutS;

  @Option(names = "--cluster-replication-timeout-s", defaultValue = "${env:EMOTION_CLUSTER_REPLICATION_TIMEOUT_S:-60}",
      description = "how long registering a version waits for a second node to copy it (env "
          + "EMOTION_CLUSTER_REPLICATION_TIMEOUT_S, default ${DEFAULT-VALUE})")
  int clusterReplicationTimeoutS;

  @Option(names = "--cluster-files-port", defaultValue = "${env:EMOTION_CLUSTER_FILES_PORT:-0}",
      description = "port on the cluster interface for node-to-node copies of parameters and checkpoints; 0 = any free "
          + "port (env EMOTION_CLUSTER_FILES_PORT, default ${DEFAULT-VALUE})")
  int clusterFilesPort;

  @Option(names = "--cluster-size", defaultValue = "${env:EMOTION_CLUSTER_SIZE:-0}",
      description = "nodes the cluster is meant to have; Train, Promote, Rollback, DeleteVersion and registering "
          + "a version need more than half of them together (split-brain protection); 0 = the number of "
          + "--cluster-members (env EMOTION_CLUSTER_SIZE, default ${DEFAULT-VALUE})")
  int clusterSize;

  io.emotioncluster.node.cluster.ClusterConfig clusterConfig() {
    return new io.emotioncluster.node.cluster.ClusterConfig(clusterName, clusterMembers, clusterHost, clusterPort,
        clusterPublicAddress, clusterKubernetes, clusterKubernetesDns,
        clusterConfigFile == null || clusterConfigFile.isBlank() ? null : Path.of(clusterConfigFile),
        Math.max(2, clusterHeartbeatTimeoutS), Math.max(1, clusterReplicationTimeoutS), clusterFilesPort,
        Math.max(0, clusterSize));
  }

  @Option(names = "--auth", defaultValue = "${env:EMOTION_AUTH:-token}",
      description = "token | none: none turns authentication off, for trusted networks only; the node warns "
          + "at start (env EMOTION_AUTH, default ${DEFAULT-VALUE})")
  String auth;

  @Option(names = "--tokens-file", defaultValue = "${env:EMOTION_TOKENS_FILE:-}",
      description = "accepted bearer tokens, lines '<role> <token>' with role admin or inference; tokens may "
          + "also come from env EMOTION_TOKENS=role:token,... (env EMOTION_TOKENS_FILE)")
  Path tokensFile;

  @Option(names = "--tls-cert", defaultValue = "${env:EMOTION_TLS_CERT:-}",
      description = "PEM certificate chain: serve gRPC over TLS (env EMOTION_TLS_CERT)")
  Path tlsCert;

  @Option(names = "--tls-key", defaultValue = "${env:EMOTION_TLS_KEY:-}",
      description = "PEM private key of --tls-cert (env EMOTION_TLS_KEY)")
  Path tlsKey;

  @Option(names = "--tls-client-ca", defaultValue = "${env:EMOTION_TLS_CLIENT_CA:-}",
      description = "PEM CA: require client certificates it signed, mutual TLS (env EMOTION_TLS_CLIENT_CA)")
  Path tlsClientCa;

  @Option(names = "--metrics-port", defaultValue = "${env:EMOTION_METRICS_PORT:-9464}",
      description = "Prometheus /metrics over plain HTTP on --host; 0 = off (env EMOTION_METRICS_PORT, "
          + "default ${DEFAULT-VALUE})")
  int metricsPort;

  @Option(names = "--max-stream-frames", defaultValue = "${env:EMOTION_MAX_STREAM_FRAMES:-1000000}",
      description = "frames one ClassifyStream call may send (env EMOTION_MAX_STREAM_FRAMES, default ${DEFAULT-VALUE})")
  long maxStreamFrames;

  @Option(names = "--max-dataset-images", defaultValue = "${env:EMOTION_MAX_DATASET_IMAGES:-200000}",
      description = "images one training dataset may hold (env EMOTION_MAX_DATASET_IMAGES, default ${DEFAULT-VALUE})")
  long maxDatasetImages;

  /** The operator settings of issue 8; fails with a message naming the flag. */
  OperationsConfig operations() {
    AuthConfig a = switch (auth.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "none" -> AuthConfig.none();
      case "token" -> AuthConfig.tokens(blankToNull(tokensFile), System.getenv("EMOTION_TOKENS"));
      default -> throw new IllegalArgumentException("--auth must be token or none, got '" + auth + "'");
    };
    return new OperationsConfig(a, new TlsConfig(blankToNull(tlsCert), blankToNull(tlsKey), blankToNull(tlsClientCa)),
        metricsPort, maxStreamFrames, maxDatasetImages);
  }

  private static Path blankToNull(Path p) {
    return p == null || p.toString().isBlank() ? null : p;
  }

  @Override
  public Integer call() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    BootstrapPlan plan = new BootstrapPlan(
        SynthFacsConfig.defaults().withSubjects(bootstrapSubjects),
        TrainingOptions.defaults().withEpochs(bootstrapEpochs)).withBundledGenerator(!noBundledGenerator);
    NodeConfig config = new NodeConfig(nodeId, host, port, dataDir, new EngineConfig(engine, device),
        new BatchingConfig(inferenceThreads > 0 ? inferenceThreads : 1, maxBatchSize,
            maxQueueDelayMicros, queueCapacity, 30),
        decodeThreads > 0 ? decodeThreads : cores, maxMessageBytes,
        new ImageLimits(maxImageBytes, maxImageSide, maxImagePixels), !noBootstrap, plan,
        datasetsDir == null || datasetsDir.toString().isBlank() ? null : datasetsDir, Math.max(1, concurrentJobs),
        !noImportFaceApi, null, faceDetector);
    EmotionNode node;
    try {
      config = config.withOperations(operations());
      node = EmotionNode.start(config, clusterConfig());
    } catch (IllegalArgumentException e) {
      System.err.println("emotion-node: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    int code = new CommandLine(new NodeMain()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
