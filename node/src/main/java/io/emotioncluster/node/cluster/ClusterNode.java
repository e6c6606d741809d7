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
  private final Quorum quorum;
  private final ModelRegistry localRegistry;
  private volatile boolean safe;
  /** This node's disk is merged into the cluster (needs a majority; see {@link #seedIfPossible}). */
  private volatile boolean seeded;
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
    this(config, hz, nodeId, grpcHost, dataDir, dataDir.resolve("datasets"), registry, jobs, probe, concurrentJobs, gpu);
  }

  public ClusterNode(ClusterConfig config, HazelcastInstance hz, String nodeId, String grpcHost, Path dataDir,
      Path datasetsDir, ModelRegistry registry, JobManager jobs, NodeStatusProbe probe, int concurrentJobs,
      boolean gpu) {
    this.config = config;
    this.hz = hz;
    this.members = new Members(hz);
    this.probe = probe;
    this.jobs = jobs;
    this.concurrentJobs = concurrentJobs;
    this.gpu = gpu;
    this.grpcHost = grpcHost;
    Path clusterDir = dataDir.resolve("cluster");
    this.localRegistry = registry;
    this.quorum = new Quorum(hz, members, config,
        () -> registry.production(io.emotioncluster.node.registry.ModelKind.CLASSIFIER).orElse(null));
    this.registry = new RegistryReplicator(hz, registry, members, nodeId, clusterDir, events,
        config.replicationTimeoutS(), quorum);
    this.jobReplicator = new JobReplicator(hz, jobs, members, nodeId, clusterDir, events, quietAfterClose(publisher),
        quorum, config.heartbeatTimeoutS(), datasetsDir);
    this.experiments = new DirectoryReplicator(hz, dataDir.resolve("experiments"), "experiments", events);
    InetSocketAddress local = hz.getCluster().getLocalMember().getSocketAddress();
    probe.clusterAddress(local.getHostString() + ":" + local.getPort());
  }

  /**
   * Publishes this node, merges its disk into the cluster and copies what it lacks (blocking, at
   * start before models are prepared and jobs resumed). Without a majority of the configured
   * cluster size, the merge waits (the node serves what its disk holds and refuses writes); it
   * happens as soon as enough nodes are together.
   */
  public void start(int grpcPort, String filesAddress) throws IOException {
    this.grpcPort = grpcPort;
    this.filesAddress = filesAddress;
    refreshSafety();
    registry.start();
    jobReplicator.start();
    experiments.start();
    publish();
    hz.getLifecycleService().addLifecycleListener(e -> {
      if (e.getState() == com.hazelcast.core.LifecycleEvent.LifecycleState.MERGED) {
        // the two sides of a split are one cluster again: offer this node's disk once more (its
        // versions, tombstones and highest id), so nothing registered on either side is lost
        LOG.warn("this node's side of a split cluster merged into the other; merging its state again");
        events.execute(this::reseed);
      }
    });
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
    // Hazelcast hears from the other members within a heartbeat or two of joining; when enough
    // members have joined, wait for those heartbeats longer (a busy machine), so that a node
    // coming back to a majority merges and catches up before it serves
    long t0 = System.nanoTime();
    while (!quorum.membersPresent()) {
      long waitedS = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
      boolean enoughJoined = hz.getCluster().getMembers().size() >= quorum.majority();
      if (waitedS >= (enoughJoined ? 60 : 3L * config.heartbeatIntervalS() + 2)) {
        break;
      }
      sleep(200);
    }
    if (!seedIfPossible()) {
      LOG.warn("this node is together with {} of the {} configured cluster nodes (a majority is {}): it serves "
          + "what its disk holds and refuses changes until a majority is together", hz.getCluster().getMembers().size(),
          quorum.configuredSize(), quorum.majority());
    }
    ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    ticker.scheduleWithFixedDelay(jobReplicator::refreshDatasets, 1, 1, TimeUnit.SECONDS);
    ticker.scheduleWithFixedDelay(() -> events.execute(() -> {
      seedIfPossible();
      if (seeded) {
        registry.reconcile();
        try {
          jobReplicator.moveOrphans();
        } catch (RuntimeException e) {
          LOG.debug("moving the jobs of absent nodes: {}", e.toString());
        }
      }
    }), 5, 5, TimeUnit.SECONDS);
  }

  /** Merges this node's disk into the cluster once, when a majority is together. */
  private synchronized boolean seedIfPossible() {
    if (seeded) {
      return true;
    }
    if (!quorum.membersPresent()) {
      return false;
    }
    try {
      registry.seed();
      jobReplicator.seed();
      registry.catchUp();
      seeded = true;
      publish();
      LOG.info("this node's state is merged into the cluster ({} member(s), majority {} of {})",
          hz.getCluster().getMembers().size(), quorum.majority(), quorum.configuredSize());
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("merging this node's state into the cluster failed ({}); retrying shortly", e.toString());
      return false;
    }
  }

  private synchronized void reseed() {
    if (!seeded) {
      return; // the first seed is still to come and does the same
    }
    try {
      registry.seed();
      jobReplicator.seed();
      registry.catchUp();
    } catch (IOException | RuntimeException e) {
      LOG.warn("merging this node's state after the split failed ({}); it is offered again later", e.toString());
      seeded = false; // seedIfPossible tries again
    }
  }

  /** Blocks until this node's state is merged into the cluster (it needs a majority). */
  public void awaitSeeded(String why) {
    long next = System.nanoTime();
    while (!seeded) {
      if (System.nanoTime() >= next) {
        LOG.info("{}: waiting for a majority ({} of {} nodes) to be together", why, quorum.majority(),
            quorum.configuredSize());
        next = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      }
      sleep(200);
    }
  }

  /** Whether this node may change the cluster's state now (majority together); cheap. */
  public boolean writable() {
    return seeded && quorum.present();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
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
        filesAddress, seeded));
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
    ClusterStatusResponse.Builder out = ClusterStatusResponse.newBuilder().setClusterName(config.name())
        .setConfiguredSize(quorum.configuredSize()).setMajority(quorum.majority())
        .setWritable(seeded && quorum.present());
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
    awaitSeeded(what);
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
