package io.emotioncluster.node.metrics;

import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * The node's meters, on one Prometheus registry that Vert.x (HTTP server, pools, JVM) shares.
 * Domain code does not depend on this class: it reports through small observer hooks, and
 * gauges read values the node already keeps.
 */
public final class NodeMetrics {

  private final PrometheusMeterRegistry registry;
  private final Map<String, double[]> jobProgress = new ConcurrentHashMap<>();
  private final AtomicReference<IntSupplier> clusterMembers = new AtomicReference<>(() -> 1);

  public NodeMetrics(String nodeId) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("node", nodeId);
    Gauge.builder("emotion.cluster.members", () -> clusterMembers.get().getAsInt())
        .description("members this node sees in its cluster (1 when it runs alone)").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("emotion.process.cpu.time", OS_CPU,
            x -> ProcessCpu.micros() / 1e6)
        .baseUnit("seconds")
        .description("CPU time of the node process, all threads (divide its rate by the request rate for CPU per request)")
        .register(registry);
  }

  private static final Object OS_CPU = new Object();

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** Vert.x reports its own meters (HTTP server, worker pools, JVM) into this registry. */
  public VertxMetricsFactory vertxFactory() {
    return new MicrometerMetricsFactory(registry);
  }

  public VertxOptions vertxOptions() {
    // Vert.x keys metrics backends by registry name JVM-wide: a unique name keeps two nodes in
    // one JVM (tests, embedders) from sharing meters.
    return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setJvmMetricsEnabled(true).setRegistryName("emotion-node-" + System.identityHashCode(this)));
  }

  // ------------------------------------------------------------------------------- gRPC calls

  /** One finished call: {@code method} is "Service/Method" without the package, status its gRPC name. */
  public void call(String method, String status, long nanos) {
    Tags tags = Tags.of("method", method, "status", status);
    Counter.builder("emotion.grpc.requests").description("gRPC calls answered, by method and status")
        .tags(tags).register(registry).increment();
    Timer.builder("emotion.grpc.request.duration").description("gRPC call duration, first byte in to status out")
        .tags(tags).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60)).register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  // ---------------------------------------------------------------------------------- serving

  public void servingGauges(IntSupplier queueDepth, IntSupplier loadedVersions, java.util.function.BooleanSupplier ready) {
    Gauge.builder("emotion.inference.queue.depth", queueDepth::getAsInt)
        .description("requests waiting for an inference worker, all loaded versions").register(registry);
    Gauge.builder("emotion.models.loaded", loadedVersions::getAsInt)
        .description("model versions in memory").register(registry);
    Gauge.builder("emotion.model.ready", () -> ready.getAsBoolean() ? 1 : 0)
        .description("1 when a production classifier is loaded and warm (readiness)").register(registry);
  }

  public void batch(int requests, int computed) {
    DistributionSummary.builder("emotion.inference.batch.size").description("requests answered per forward pass")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128).register(registry).record(requests);
    DistributionSummary.builder("emotion.inference.batch.computed").description("rows computed per forward pass "
        + "(the batch padded to a power of two)").register(registry).record(computed);
  }

  public void modelLoaded(String version, long nanos) {
    Timer.builder("emotion.model.load").description("time to read a version from disk into the engine")
        .tag("version", version).register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  public void modelWarmedUp(String version, long nanos) {
    Timer.builder("emotion.model.warmup").description("time to run a loaded version's warm-up batches")
        .tag("version", version).register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  // ---------------------------------------------------------------------------------- training

  public void jobGauges(IntSupplier running) {
    Gauge.builder("emotion.training.jobs.running", running::getAsInt)
        .description("training jobs running on this node").register(registry);
  }

  /** Every job event: progress gauges per live job, a counter per final state. */
  public void jobEvent(JobEvent e) {
    String id = e.getJobId();
    if (e.getState() == JobState.SUCCEEDED || e.getState() == JobState.FAILED || e.getState() == JobState.CANCELLED) {
      Counter.builder("emotion.training.jobs.finished").description("training jobs ended, by final state")
          .tag("state", e.getState().name()).register(registry).increment();
      double[] gone = jobProgress.remove(id);
      if (gone != null) {
        registry.find("emotion.training.job.progress").tag("job_id", id).meters().forEach(registry::remove);
        registry.find("emotion.training.job.epoch").tag("job_id", id).meters().forEach(registry::remove);
        registry.find("emotion.training.job.loss").tag("job_id", id).meters().forEach(registry::remove);
      }
      return;
    }
    double[] p = jobProgress.computeIfAbsent(id, k -> {
      double[] v = new double[3];
      Gauge.builder("emotion.training.job.progress", v, x -> x[0]).tag("job_id", k)
          .description("fraction of a running job's optimizer steps done").register(registry);
      Gauge.builder("emotion.training.job.epoch", v, x -> x[1]).tag("job_id", k)
          .description("current epoch of a running job").register(registry);
      Gauge.builder("emotion.training.job.loss", v, x -> x[2]).tag("job_id", k)
          .description("mean training loss of the current epoch").register(registry);
      return v;
    });
    var pr = e.getProgress();
    p[0] = pr.getTotalSteps() > 0 ? (double) pr.getStep() / pr.getTotalSteps()
        : pr.getTotalEpochs() > 0 ? (double) Math.max(0, pr.getEpoch() - 1) / pr.getTotalEpochs() : 0;
    p[1] = pr.getEpoch();
    p[2] = pr.getLoss();
  }

  // ----------------------------------------------------------------------------------- cluster

  /** The cluster code calls this once it knows its membership; until then the gauge reads 1. */
  public void clusterMembers(IntSupplier members) {
    clusterMembers.set(members);
  }
}
