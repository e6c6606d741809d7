package io.emotioncluster.node.app;

import io.emotioncluster.api.v1.JobKind;
import io.emotioncluster.node.data.DatasetsRoot;
import io.emotioncluster.node.augmentation.NoGenerators;
import io.emotioncluster.node.evaluation.ExperimentComparisons;
import io.emotioncluster.node.evaluation.ExperimentResults;
import io.emotioncluster.node.evaluation.VersionComparator;
import io.emotioncluster.node.generator.GeneratorProvider;
import io.emotioncluster.node.jobs.ExperimentJob;
import io.emotioncluster.node.grpc.EmotionGrpcService;
import io.emotioncluster.node.jobs.ClassifierJob;
import io.emotioncluster.node.jobs.DatasetFactory;
import io.emotioncluster.node.jobs.JobManager;
import io.emotioncluster.node.jobs.JobStore;
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
import java.util.concurrent.atomic.AtomicInteger;
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
  private final ExperimentComparisons experiments;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private HttpServer http;

  private EmotionNode(NodeConfig config) throws IOException {
    this.config = config;
    this.nodeId = config.nodeId() == null || config.nodeId().isBlank() ? defaultNodeId(config) : config.nodeId();
    this.vertx = Vertx.vertx();
    this.registry = new ModelRegistry(config.dataDir().resolve("registry"));
    this.background = Executors.newCachedThreadPool(named("node-bg"));
    this.decodePool = new ThreadPoolExecutor(config.decodeThreads(), config.decodeThreads(), 0,
        TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(Math.min(256, config.batching().queueCapacity())), named("decode"),
        new ThreadPoolExecutor.AbortPolicy());
    this.models = new ServingModels(registry, config.engine(), config.batching(), background);
    this.classification = new ClassificationService(models, new ImageDecoder(config.imageLimits()), decodePool);
    Files.createDirectories(config.effectiveDatasetsDir());
    Files.createDirectories(config.dataDir().resolve("backbones"));
    DatasetFactory datasets = new DatasetFactory(new DatasetsRoot(config.effectiveDatasetsDir()));
    // The lead wires the real generator provider here once the generator is merged.
    GeneratorProvider generators = new NoGenerators();
    ClassifierJob classifierJob = new ClassifierJob(registry, config.engine(), datasets,
        new DatasetsRoot(config.dataDir().resolve("backbones")), generators);
    this.comparator = new VersionComparator(registry, datasets, config.engine());
    ExperimentResults experimentResults = new ExperimentResults(config.dataDir().resolve("experiments"));
    ExperimentJob experimentJob = new ExperimentJob(registry, config.engine(), datasets, generators, experimentResults);
    this.jobs = new JobManager(new JobStore(config.dataDir().resolve("jobs")),
        Map.of(JobKind.CLASSIFIER_TRAINING, classifierJob, JobKind.EXPERIMENT, experimentJob), nodeId,
        config.concurrentJobs(), 64);
    this.experiments = new ExperimentComparisons(experimentResults, jobs::require);
  }

  /** Opens the registry and the gRPC port; loading or bootstrapping continues in the background. */
  public static EmotionNode start(NodeConfig config) throws IOException {
    EmotionNode node = new EmotionNode(config);
    try {
      node.listen();
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
    GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions()
        .setMaxMessageSize(config.maxMessageBytes()));
    grpc.addService(new EmotionGrpcService(vertx, classification, jobs, background, nodeId).service());
    grpc.addService(new ModelAdminGrpcService(vertx, registry, models, jobs, comparator, experiments, background).service());
    HealthService health = HealthService.create(vertx);
    // Vert.x answers "" itself (SERVING while the process is up): that is liveness. Readiness is
    // the EmotionService entry, SERVING once a production model is warm.
    health.register("emotion.v1.EmotionService", () -> Future.succeededFuture(models.ready()));
    health.register("emotion.v1.ModelAdmin", () -> Future.succeededFuture(true));
    grpc.addService(health);
    grpc.addService(ReflectionService.v1());
    try {
      http = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
          .requestHandler(grpc)
          .listen()
          .await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    LOG.info("node {} listening for gRPC on {}:{} (data directory {}, engine {}, device {} -> {})", nodeId,
        config.host(), http.actualPort(), config.dataDir().toAbsolutePath(), config.engine().engine(),
        config.engine().device(), config.engine().djlDevice());
  }

  private void prepareModels() {
    CompletableFuture.runAsync(() -> {
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
    jobs.close();
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
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
