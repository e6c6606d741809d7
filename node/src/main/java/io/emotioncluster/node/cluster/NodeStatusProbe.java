package io.emotioncluster.node.cluster;

import io.emotioncluster.api.v1.NodeStatus;
import io.emotioncluster.node.jobs.JobManager;
import io.emotioncluster.node.serving.LatencyWindow;
import io.emotioncluster.node.serving.ServingModels;
import java.util.function.BooleanSupplier;

/** This node's line of ClusterStatus, from its own serving and job state (cheap, non-blocking). */
public final class NodeStatusProbe {

  public static final String SOFTWARE_VERSION = softwareVersion();

  private final String nodeId;
  private volatile String grpcAddress;
  private volatile String clusterAddress = "";
  private final String engine;
  private final String device;
  private final ServingModels models;
  private final JobManager jobs;
  private final LatencyWindow latencies;
  private final BooleanSupplier clusterSafe;
  private final long startedMillis = System.currentTimeMillis();

  public NodeStatusProbe(String nodeId, String grpcAddress, String engine, String device, ServingModels models,
      JobManager jobs, LatencyWindow latencies, BooleanSupplier clusterSafe) {
    this.nodeId = nodeId;
    this.grpcAddress = grpcAddress;
    this.engine = engine;
    this.device = device;
    this.models = models;
    this.jobs = jobs;
    this.latencies = latencies;
    this.clusterSafe = clusterSafe;
  }

  /** Set once the port is known (a node may be started on port 0). */
  public void grpcAddress(String address) {
    this.grpcAddress = address;
  }

  void clusterAddress(String address) {
    this.clusterAddress = address;
  }

  public String nodeId() {
    return nodeId;
  }

  public String grpcAddress() {
    return grpcAddress;
  }

  public String device() {
    return device;
  }

  /** Ready: a warm production model, and (clustered) no partition migration in flight. */
  public boolean ready() {
    return models.ready() && clusterSafe.getAsBoolean();
  }

  public NodeStatus status() {
    boolean ready = ready();
    return NodeStatus.newBuilder()
        .setNodeId(nodeId)
        .setGrpcAddress(grpcAddress)
        .setClusterAddress(clusterAddress)
        .setEngine(engine)
        .setDevice(device)
        .addAllLoadedVersions(models.loadedVersions())
        .setQueueDepth(models.queueDepth())
        .setLatencyP50Us(latencies.quantile(0.5))
        .setLatencyP99Us(latencies.quantile(0.99))
        .setRunningJobs(jobs.running())
        .setUptimeS((System.currentTimeMillis() - startedMillis) / 1000)
        .setReady(ready)
        .setHealth(ready ? "SERVING" : models.ready() ? "NOT_SERVING" : "STARTING")
        .setSoftwareVersion(SOFTWARE_VERSION)
        .setProcessCpuUs(io.emotioncluster.node.metrics.ProcessCpu.micros())
        .setClassifyRequests(latencies.recorded())
        .build();
  }

  private static String softwareVersion() {
    String v = NodeStatusProbe.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
