package io.emotioncluster.node.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.emotioncluster.api.v1.ClusterStatusResponse;
import io.emotioncluster.api.v1.NodeStatus;
import io.emotioncluster.node.jobs.JobManager;
import io.emotioncluster.node.registry.ModelRegistry;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership in the cluster: Vert.x clustered through Hazelcast, the replicated
 * registry, jobs and experiments, the published node status, and cluster safety for readiness.
 * Everything that blocks on Hazelcast runs on this class's own threads, never on an event loop.
 */
public final class ClusterNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  private final ClusterConfig config;
  private final HazelcastInstance hz;
  private final Members members;
  private final NodeStatusProbe probe;
  private final JobManager jobs;
  private final int concurrentJobs;
  private final boolean gpu;
  private final String grpcHost;
  private final RegistryReplicator registry;
  private final JobReplicator jobReplicator;
  private final DirectoryReplicator experiments;
  private final ExecutorService sync = Executors.newSingleThreadExecutor(named("cluster-sync"));
  private final ExecutorService publisher = Executors.newSingleThreadExecutor(named("cluster-publish"));
  private final Executor events = quietAfterClose(sync);
  private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, named("cluster-tick"));
  private volatile boolean safe;
  private volatile int grpcPort;
  private volatile String filesAddress;

  /** A clustered Vert.x and the Hazelcast instance under it. */
  public record Joined(Vertx vertx, HazelcastInstance hazelcast) {}

  /** Starts Hazelcast and a clustered Vert.x; returns when this node has joined (or formed) the cluster. */
  public static Joined join(ClusterConfig config, io.vertx.core.VertxOptions options,
      io.vertx.core.spi.VertxMetricsFactory metrics) throws IOException {
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastConfigs.of(config));
    try {
      Vertx vertx = Vertx.builder().with(options).withMetrics(metrics).withClusterManager(manager).buildClustered()
          .await(2, TimeUnit.MINUTES);
      HazelcastInstance hz = manager.getHazelcastInstance();
      LOG.info("joined cluster '{}' as {} with {} member(s)", config.name(), hz.getCluster().getLocalMember().getAddress(),
          hz.getCluster().getMembers().size());
      return new Joined(vertx, hz);
    } catch (Exception e) {
      throw new IOException("cannot join cluster '" + config.name() + "' (members " + config.members() + "): "
          + e.getMessage(), e);
    }
  }

  public ClusterNode(ClusterConfig config, HazelcastInstance hz, String nodeId, String grpcHost, Path dataDir,
      ModelRegistry registry, JobManager jobs, NodeStatusProbe probe, int concurrentJobs, boolean gpu) {
    this.config = config;
    this.hz = hz;
    this.members = new Members(hz);
    this.probe = probe;
    this.jobs = jobs;
    this.concurrentJobs = concurrentJobs;
    this.gpu = gpu;
    this.grpcHost = grpcHost;
    Path clusterDir = dataDir.resolve("cluster");
    this.registry = new RegistryReplicator(hz, registry, members, nodeId, clusterDir, events,
        config.replicationTimeoutS());
    this.jobReplicator = new JobReplicator(hz, jobs, members, nodeId, clusterDir, events, quietAfterClose(publisher));
    this.experiments = new DirectoryReplicator(hz, dataDir.resolve("experiments"), "experiments", events);
    InetSocketAddress local = hz.getCluster().getLocalMember().getSocketAddress();
    probe.clusterAddress(local.getHostString() + ":" + local.getPort());
  }

  /**
   * Publishes this node, merges its disk into the cluster and copies what it lacks (blocking, at
   * start before models are prepared and jobs resumed).
   */
  public void start(int grpcPort, String filesAddress) throws IOException {
    this.grpcPort = grpcPort;
    this.filesAddress = filesAddress;
    refreshSafety();
    publish();
    hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent e) {
        LOG.info("member joined: {} ({} member(s))", e.getMember().getAddress(), e.getMembers().size());
      }

      @Override
      public void memberRemoved(MembershipEvent e) {
        LOG.warn("member left: {} ({} member(s))", e.getMember().getAddress(), e.getMembers().size());
        events.execute(() -> departed(e.getMember()));
      }
    });
    registry.start();
    jobReplicator.start();
    experiments.start();
    registry.catchUp();
    ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    ticker.scheduleWithFixedDelay(() -> events.execute(registry::reconcile), 5, 5, TimeUnit.SECONDS);
  }

  private void tick() {
    try {
      refreshSafety();
      publish();
      jobReplicator.publishCheckpoints();
      experiments.scan();
    } catch (RuntimeException e) {
      if (hz.getLifecycleService().isRunning()) {
        LOG.debug("cluster tick: {}", e.toString());
      }
    }
  }

  private void departed(Member m) {
    try {
      members.byUuid(m.getUuid().toString()).ifPresent(info -> {
        jobReplicator.memberLeft(info.nodeId());
        if (members.oldestIsLocal()) {
          members.forget(info.nodeId());
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("handling the departure of {}: {}", m.getAddress(), e.toString());
    }
  }

  private void publish() {
    NodeStatus status = probe.status();
    String statusJson;
    try {
      statusJson = JsonFormat.printer().omittingInsignificantWhitespace().print(status);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
    members.publish(new Members.Info(probe.nodeId(), hz.getCluster().getLocalMember().getUuid().toString(),
        status.getClusterAddress(), grpcHost + ":" + grpcPort, gpu, concurrentJobs, jobs.active(), statusJson,
        filesAddress));
  }

  private void refreshSafety() {
    safe = hz.getLifecycleService().isRunning() && hz.getPartitionService().isClusterSafe();
  }

  /** No partition migration in flight (refreshed every second off the event loop). */
  public boolean safe() {
    return safe;
  }

  public String name() {
    return config.name();
  }

  /** Every live member's status; this node's is fresh, the others' at most about a second old. Blocking. */
  public ClusterStatusResponse status() {
    ClusterStatusResponse.Builder out = ClusterStatusResponse.newBuilder().setClusterName(config.name());
    java.util.Map<String, Members.Info> byUuid = new java.util.HashMap<>();
    members.live().forEach(i -> byUuid.put(i.memberUuid(), i));
    for (Member m : hz.getCluster().getMembers()) {
      if (m.localMember()) {
        out.addNodes(probe.status());
        continue;
      }
      Members.Info info = byUuid.get(m.getUuid().toString());
      NodeStatus.Builder b = NodeStatus.newBuilder();
      if (info != null) {
        try {
          JsonFormat.parser().ignoringUnknownFields().merge(info.statusJson(), b);
        } catch (InvalidProtocolBufferException e) {
          b.setNodeId(info.nodeId());
        }
      } else {
        b.setHealth("STARTING").setClusterAddress(m.getSocketAddress().getHostString() + ":" + m.getSocketAddress().getPort());
      }
      out.addNodes(b.build());
    }
    return out.build();
  }

  /**
   * Runs {@code work} while holding a cluster-wide lock (one node at a time), after catching up
   * with the cluster, so that for example only one node bootstraps a first model.
   */
  public void exclusively(String what, Runnable work) {
    var locks = hz.<String, String>getMap("emotion.locks");
    locks.lock(what);
    try {
      registry.catchUp();
      work.run();
    } finally {
      locks.unlock(what);
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    sync.shutdownNow();
    publisher.shutdown();
    try {
      publisher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }


  /** Hazelcast events arriving while the node shuts down are dropped, not logged as failures. */
  private static Executor quietAfterClose(ExecutorService pool) {
    return r -> {
      try {
        pool.execute(r);
      } catch (RejectedExecutionException e) {
        LOG.debug("cluster event dropped: the node is stopping");
      }
    };
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    return io.emotioncluster.node.DaemonThreads.named(prefix);
  }
}
