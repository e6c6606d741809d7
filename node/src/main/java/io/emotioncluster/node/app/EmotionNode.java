package io.emotioncluster.node.app;

import io.emotioncluster.api.v1.JobKind;
import io.emotioncluster.node.data.DatasetsRoot;
import io.emotioncluster.node.evaluation.ExperimentComparisons;
import io.emotioncluster.node.evaluation.ExperimentResults;
import io.emotioncluster.node.evaluation.VersionComparator;
import io.emotioncluster.node.generator.GeneratorProvider;
import io.emotioncluster.node.jobs.ExperimentJob;
import io.emotioncluster.node.grpc.EmotionGrpcService;
import io.emotioncluster.node.generator.GeneratorService;
import io.emotioncluster.node.jobs.ClassifierJob;
import io.emotioncluster.node.jobs.GeneratorJob;
import io.emotioncluster.node.jobs.DatasetFactory;
import io.emotioncluster.node.jobs.JobManager;
import io.emotioncluster.node.jobs.JobStore;
import io.emotioncluster.node.grpc.GrpcGate;
import io.emotioncluster.node.metrics.MetricsServer;
import io.emotioncluster.node.metrics.NodeMetrics;
import io.emotioncluster.node.security.TlsConfig;
import io.emotioncluster.node.security.TokenStore;
import io.emotioncluster.node.serving.ServingObserver;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.util.Map;
import io.emotioncluster.node.grpc.ModelAdminGrpcService;
import io.emotioncluster.node.image.ImageDecoder;
import io.emotioncluster.node.model.faceapi.FaceApiVersion;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.serving.ClassificationService;
import io.emotioncluster.node.serving.ServingModels;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.health.HealthService;
import io.vertx.grpc.reflection.ReflectionService;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node: the model registry on its data directory, the serving models, and the gRPC server
 * (EmotionService, ModelAdmin, grpc.health.v1, reflection) on one port. The port opens at once;
 * health reports SERVING only when a production model is loaded and warmed up.
 */
public final class EmotionNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmotionNode.class);

  private final NodeConfig config;
  private final Vertx vertx;
  private final ModelRegistry registry;
  private final ServingModels models;
  private final ClassificationService classification;
  private final ExecutorService decodePool;
  private final ExecutorService background;
  private final String nodeId;
  private final JobManager jobs;
  private final VersionComparator comparator;
  private final GeneratorService generators;
  private final ExperimentComparisons experiments;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private HttpServer http;
  private HttpServer filesServer; // clustered nodes: node-to-node file copies
  private final io.emotioncluster.node.cluster.ClusterConfig clusterConfig;
  private final com.hazelcast.core.HazelcastInstance hazelcast; // null when standalone
  private io.emotioncluster.node.cluster.NodeStatusProbe statusProbe;
  private io.emotioncluster.node.cluster.ClusterNode cluster; // null when standalone
  private final NodeMetrics metrics;
  private final TokenStore tokens; // null: authentication off (explicitly)
  private MetricsServer metricsServer;

  private EmotionNode(NodeConfig config, io.emotioncluster.node.cluster.ClusterConfig clusterConfig) throws IOException {
    this.config = config;
    this.clusterConfig = clusterConfig;
    this.nodeId = config.nodeId() == null || config.nodeId().isBlank() ? defaultNodeId(config) : config.nodeId();
    this.tokens = loadTokens(config);
    config.operations().tls().check();
    this.metrics = new NodeMetrics(nodeId);
    if (clusterConfig.enabled()) {
      var joined = io.emotioncluster.node.cluster.ClusterNode.join(clusterConfig, metrics.vertxOptions(),
          metrics.vertxFactory());
      this.vertx = joined.vertx();
      this.hazelcast = joined.hazelcast();
    } else {
      this.vertx = Vertx.builder().with(metrics.vertxOptions()).withMetrics(metrics.vertxFactory()).build();
      this.hazelcast = null;
    }
    this.registry = new ModelRegistry(config.dataDir().resolve("registry"));
    this.background = Executors.newCachedThreadPool(named("node-bg"));
    this.decodePool = new ThreadPoolExecutor(config.decodeThreads(), config.decodeThreads(), 0,
        TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(Math.min(256, config.batching().queueCapacity())), named("decode"),
        new ThreadPoolExecutor.AbortPolicy());
    this.models = new ServingModels(registry, config.engine(), config.batching(), background);
    this.classification = new ClassificationService(models, new ImageDecoder(config.imageLimits()), decodePool,
        config.faceDetector());
    Files.createDirectories(config.effectiveDatasetsDir());
    Files.createDirectories(config.dataDir().resolve("backbones"));
    DatasetFactory datasets = new DatasetFactory(new DatasetsRoot(config.effectiveDatasetsDir()),
        config.operations().maxDatasetImages());
    this.generators = new GeneratorService(registry, config.engine());
    DatasetsRoot backbones = new DatasetsRoot(config.dataDir().resolve("backbones"));
    ClassifierJob classifierJob = new ClassifierJob(registry, config.engine(), datasets, backbones, generators);
    this.comparator = new VersionComparator(registry, datasets, config.engine());
    ExperimentResults experimentResults = new ExperimentResults(config.dataDir().resolve("experiments"));
    ExperimentJob experimentJob = new ExperimentJob(registry, config.engine(), datasets, backbones, generators,
        experimentResults);
    this.jobs = new JobManager(new JobStore(config.dataDir().resolve("jobs")),
        Map.of(JobKind.CLASSIFIER_TRAINING, classifierJob,
            JobKind.GENERATOR_TRAINING, new GeneratorJob(registry, datasets, generators),
            JobKind.EXPERIMENT, experimentJob),
        nodeId, config.concurrentJobs(), 64);
    this.experiments = new ExperimentComparisons(experimentResults, jobs::require);
    wireMetrics();
  }

  /** Serving and jobs report through hooks; gauges read what the node already keeps. */
  private void wireMetrics() {
    models.observe(new ServingObserver() {
      @Override
      public void loaded(String version, long nanos) {
        metrics.modelLoaded(version, nanos);
      }

      @Override
      public void warmedUp(String version, long nanos) {
        metrics.modelWarmedUp(version, nanos);
      }

      @Override
      public void batch(int requests, int computed) {
        metrics.batch(requests, computed);
      }
    });
    metrics.servingGauges(models::queueDepth, () -> models.loadedVersions().size(), models::ready);
    jobs.observe(metrics::jobEvent);
    metrics.jobGauges(jobs::running);
  }

  /** Null when authentication is off, which must have been asked for; loudly logged. */
  private static TokenStore loadTokens(NodeConfig config) throws IOException {
    var auth = config.operations().auth();
    if (!auth.enabled()) {
      LOG.warn("**************************************************************************************");
      LOG.warn("AUTHENTICATION IS OFF (--auth none): anyone who reaches port {} can classify, train,", config.port());
      LOG.warn("promote and delete models. Use it only on a laptop or a private test network.");
      LOG.warn("**************************************************************************************");
      return null;
    }
    TokenStore store = TokenStore.load(auth);
    if (store.isEmpty()) {
      throw new IllegalArgumentException("authentication is on but no token is configured: give --tokens-file "
          + "(lines '<role> <token>', role admin or inference) or EMOTION_TOKENS=role:token,..., "
          + "or turn authentication off explicitly with --auth none (trusted networks only)");
    }
    LOG.info("token authentication on: {} token(s) loaded", store.size());
    return store;
  }

  /** Opens the registry and the gRPC port; loading or bootstrapping continues in the background. */
  public static EmotionNode start(NodeConfig config) throws IOException {
    return start(config, io.emotioncluster.node.cluster.ClusterConfig.standalone());
  }

  /** As {@link #start(NodeConfig)}, joining the cluster first when {@code cluster} names members. */
  public static EmotionNode start(NodeConfig config, io.emotioncluster.node.cluster.ClusterConfig cluster)
      throws IOException {
    EmotionNode node = new EmotionNode(config, cluster);
    try {
      node.listen();
      node.joinCluster();
      node.serveMetrics();
    } catch (RuntimeException | IOException e) {
      node.close();
      throw e;
    }
    node.prepareModels();
    node.jobs.resumeInterrupted();
    node.background.execute(() -> {
      try {
        node.classification.warmUpDetector();
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("face detection is unavailable on this node: {}", e.toString());
      }
    });
    return node;
  }

  private void listen() throws IOException {
    statusProbe = new io.emotioncluster.node.cluster.NodeStatusProbe(nodeId, advertisedHost() + ":" + config.port(),
        config.engine().engine(), String.valueOf(config.engine().djlDevice()), models, jobs,
        classification.latencies(), () -> cluster == null || cluster.safe());
    GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions()
        .setMaxMessageSize(config.maxMessageBytes()));
    grpc.addService(new EmotionGrpcService(vertx, classification, jobs, background, nodeId,
        config.operations().maxStreamFrames(), generators).service());
    grpc.addService(new ModelAdminGrpcService(vertx, registry, models, jobs, comparator, experiments, background)
        .withClusterStatus(this::clusterStatus).service());
    HealthService health = HealthService.create(vertx);
    // Vert.x answers "" itself (SERVING while the process is up): that is liveness. Readiness is
    // the EmotionService entry, SERVING once a production model is warm.
    health.register("emotion.v1.EmotionService", () -> Future.succeededFuture(statusProbe.ready()));
    health.register("emotion.v1.ModelAdmin", () -> Future.succeededFuture(true));
    grpc.addService(health);
    grpc.addService(ReflectionService.v1());
    try {
      http = vertx.createHttpServer(tls(new HttpServerOptions().setHost(config.host()).setPort(config.port()),
              config.operations().tls()))
          .connectionHandler(io.emotioncluster.node.grpc.LenientAuthority::install)
          .requestHandler(new GrpcGate(grpc, tokens, metrics))
          .listen()
          .await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    statusProbe.grpcAddress(advertisedHost() + ":" + http.actualPort());
    LOG.info("node {} listening for gRPC{} on {}:{} (data directory {}, engine {}, device {} -> {})", nodeId,
        config.operations().tls().enabled() ? (config.operations().tls().mutual() ? " with mutual TLS" : " with TLS")
            : " (plaintext)", config.host(), http.actualPort(), config.dataDir().toAbsolutePath(), config.engine().engine(),
        config.engine().device(), config.engine().djlDevice());
  }

  /**
   * Node-to-node file copies (parameters, checkpoints) get their own port on the cluster network,
   * beside Hazelcast's: that network is private (Hazelcast has no TLS in its open-source edition),
   * so the public gRPC port keeps TLS and tokens without peers needing client credentials.
   */
  private String serveInternalFiles() throws IOException {
    var files = new io.emotioncluster.node.cluster.InternalFiles(vertx, registry, jobs);
    String host = clusterConfig.bindHost().isBlank() ? config.host() : clusterConfig.bindHost();
    try {
      filesServer = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(clusterConfig.filesPort()))
          .requestHandler(req -> {
            if (io.emotioncluster.node.cluster.InternalFiles.matches(req)) {
              files.handle(req);
            } else {
              req.response().setStatusCode(404).end();
            }
          })
          .listen()
          .await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("cannot listen for cluster file copies on " + host + ":" + clusterConfig.filesPort()
          + " (--cluster-files-port): " + e.getMessage(), e);
    }
    String advertised = host.equals("0.0.0.0") || host.equals("::") ? advertisedHost() : host;
    return advertised + ":" + filesServer.actualPort();
  }

  /** Clustered: merges this node's registry and jobs with the cluster's before models are prepared. */
  private void joinCluster() throws IOException {
    if (hazelcast == null) {
      return;
    }
    cluster = new io.emotioncluster.node.cluster.ClusterNode(clusterConfig, hazelcast, nodeId, advertisedHost(),
        config.dataDir(), config.effectiveDatasetsDir(), registry, jobs, statusProbe, config.concurrentJobs(), config.engine().djlDevice().isGpu());
    cluster.start(port(), serveInternalFiles());
    metrics.clusterMembers(() -> hazelcast.getLifecycleService().isRunning() ? hazelcast.getCluster().getMembers().size() : 0);
  }

  /** The host peers and ClusterStatus readers use for this node's gRPC port. */
  private String advertisedHost() {
    if (!config.host().equals("0.0.0.0") && !config.host().equals("::")) {
      return config.host();
    }
    if (!clusterConfig.bindHost().isBlank()) {
      return clusterConfig.bindHost();
    }
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (IOException e) {
      return "127.0.0.1";
    }
  }

  private io.emotioncluster.api.v1.ClusterStatusResponse clusterStatus() {
    if (cluster == null) {
      return io.emotioncluster.api.v1.ClusterStatusResponse.newBuilder().addNodes(statusProbe.status())
          .setNodeId(nodeId).build();
    }
    return cluster.status().toBuilder().setNodeId(nodeId).build();
  }

  private void serveMetrics() throws IOException {
    int port = config.operations().metricsPort();
    if (port > 0) {
      metricsServer = MetricsServer.start(vertx, metrics, config.host(), port);
      LOG.info("Prometheus metrics on http://{}:{}/metrics", config.host(), metricsServer.port());
    }
  }

  /** Server certificate; with a client CA, clients must present a certificate it signed. */
  private static HttpServerOptions tls(HttpServerOptions options, TlsConfig tls) {
    if (!tls.enabled()) {
      return options;
    }
    options.setSsl(true).setUseAlpn(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.cert().toString()).setKeyPath(tls.key().toString()));
    if (tls.mutual()) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(tls.clientCa().toString()))
          .setClientAuth(ClientAuth.REQUIRED);
    }
    return options;
  }

  private void prepareModels() {
    CompletableFuture.runAsync(() -> {
      if (cluster != null && registry.isEmpty()) {
        // one node at a time, after catching up: only the first finds the registry empty, so
        // only it bootstraps (or imports the face-api model); the others copy its versions
        cluster.exclusively("bootstrap", this::prepareRegistry);
      } else {
        prepareRegistry();
      }
    }, background)
        .thenCompose(v -> models.warmProduction())
        .whenComplete((v, e) -> {
          if (e != null) {
            LOG.error("node {} could not prepare its production model", nodeId, e);
            ready.completeExceptionally(e);
          } else {
            if (models.ready()) {
              LOG.info("node {} READY: serving on port {}", nodeId, port());
            }
            ready.complete(null);
          }
        });
  }

  private void prepareRegistry() {
    try {
      if (registry.isEmpty() && config.bootstrap()) {
        models.preparing("this node is still training its first model (bootstrap on SynthFACS, "
            + "about a minute on a laptop CPU); retry shortly or ask another node");
        Bootstrap.run(registry, config.engine(), config.bootstrapPlan(), config.dataDir().resolve("samples"));
      } else if (!registry.isEmpty() && registry.production(ModelKind.CLASSIFIER).isEmpty()) {
        LOG.warn("the registry holds {} version(s) but none is production: Classify without a "
            + "model_version answers FAILED_PRECONDITION until one is promoted", registry.list(null, null).size());
      } else if (registry.isEmpty()) {
        LOG.warn("the model registry is empty and bootstrap is off: Classify answers "
            + "FAILED_PRECONDITION until a version is trained or promoted");
      }
      importFaceApi();
    } catch (Exception e) {
      throw new IllegalStateException("bootstrap failed: " + e.getMessage(), e);
    } finally {
      models.preparing(null);
    }
  }

  /**
   * Registers the imported face-api expression model as a candidate when the registry has none
   * (after the bootstrap, so a fresh node's SynthFACS model stays production). A failure only logs.
   */
  private void importFaceApi() {
    if (!config.importFaceApi()) {
      return;
    }
    try {
      FaceApiVersion.ensureRegistered(registry, config.engine());
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not register the imported face-api expression model: {}", e.getMessage(), e);
    }
  }

  /** Completes when the production model (if any) is loaded and warm. */
  public CompletableFuture<Void> ready() {
    return ready;
  }

  public int port() {
    return http.actualPort();
  }

  public String nodeId() {
    return nodeId;
  }

  /** The node's meters; the cluster code feeds {@link NodeMetrics#clusterMembers}. */
  public NodeMetrics metrics() {
    return metrics;
  }

  /** The metrics port, or -1 when metrics are off. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.port();
  }

  public GeneratorService generators() {
    return generators;
  }

  public ModelRegistry registry() {
    return registry;
  }

  public JobManager jobs() {
    return jobs;
  }

  public ServingModels models() {
    return models;
  }

  @Override
  public void close() {
    try {
      if (http != null) {
        http.close().await(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.warn("closing the gRPC server: {}", e.getMessage());
    }
    if (filesServer != null) {
      try {
        filesServer.close().await(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("closing the cluster file endpoint: {}", e.getMessage());
      }
    }
    if (metricsServer != null) {
      metricsServer.close();
    }
    jobs.close();
    if (cluster != null) {
      cluster.close();
    }
    models.close();
    decodePool.shutdownNow();
    background.shutdownNow();
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("closing Vert.x: {}", e.getMessage());
    }
  }

  /** host:port, or host-<random> when the port is picked at start (0) and not known yet. */
  private static String defaultNodeId(NodeConfig config) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "node";
    }
    return config.port() == 0 ? host + "-" + java.util.UUID.randomUUID().toString().substring(0, 6)
        : host + ":" + config.port();
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    return io.emotioncluster.node.DaemonThreads.named(prefix);
  }
}
