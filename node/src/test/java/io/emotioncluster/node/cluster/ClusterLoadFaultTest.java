package io.emotioncluster.node.cluster;

import static io.emotioncluster.node.cluster.LoopbackCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.ModelVersion;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverRegistry;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's fault scenario: steady Classify load from a client that uses the shipped client
 * settings (deploy/client/service-config.json: round robin, health checks, retries on
 * UNAVAILABLE), SIGKILL of one node of three, and the node's return. No call may fail, no
 * version may be lost, and traffic must reach the returned node again.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterLoadFaultTest {

  private static final int CLIENTS = 4;

  @Test
  void killingOneNodeUnderLoadFailsNoCallAndTheClusterHeals(@TempDir Path root) throws Exception {
    NameResolverRegistry.getDefaultRegistry().register(new StaticListResolverProvider());
    @SuppressWarnings("unchecked")
    Map<String, ?> serviceConfig = new Gson().fromJson(
        Files.readString(Path.of("..", "deploy", "client", "service-config.json")), Map.class);
    try (LoopbackCluster c = new LoopbackCluster(root, 3)) {
      for (int i = 0; i < 3; i++) {
        c.start(i);
      }
      await("three ready nodes", 240, () -> IntStream.range(0, 3).allMatch(c::ready));
      await("the production version on every node", 120, () -> IntStream.range(0, 3)
          .allMatch(i -> !c.versions(i).getProductionClassifier().isBlank()));
      Set<String> versionsBefore = versionIds(c, 0);

      List<String> addresses = IntStream.range(0, 3).mapToObj(i -> "127.0.0.1:" + c.grpcPorts[i]).toList();
      ManagedChannel channel = ManagedChannelBuilder.forTarget(StaticListResolverProvider.target(addresses))
          .defaultServiceConfig(serviceConfig)
          .enableRetry()
          .usePlaintext()
          .build();
      Load load = new Load(EmotionServiceGrpc.newBlockingStub(channel));
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      try {
        for (int t = 0; t < CLIENTS; t++) {
          clients.execute(load::run);
        }
        String victim = c.nodeId(1);
        await("every node answering the load", 60,
            () -> IntStream.range(0, 3).allMatch(i -> load.answeredBy(c.nodeId(i)) >= 20));

        long beforeKill = load.total();
        c.kill(1);
        long killedAt = System.nanoTime();
        long victimAtKill = load.answeredBy(victim);
        await("200 calls answered after the kill", 120, () -> load.total() >= beforeKill + 200);
        double afterKillSeconds = (System.nanoTime() - killedAt) / 1e9;
        assertThat(load.failures).as("failed calls after SIGKILL of %s", victim).isEmpty();
        assertThat(load.answeredBy(victim)).as("calls answered by the dead node").isLessThanOrEqualTo(victimAtKill + CLIENTS);

        // nothing registered was lost with the node
        assertThat(versionIds(c, 0)).isEqualTo(versionsBefore);
        assertThat(versionIds(c, 2)).isEqualTo(versionsBefore);

        // the node returns: it catches up and the client sends it traffic again
        long restartAt = System.nanoTime();
        c.start(1);
        await(victim + " ready again", 180, () -> c.ready(1));
        long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartAt);
        long victimAtReturn = load.answeredBy(victim);
        await("the client routing to " + victim + " again", 150, () -> load.answeredBy(victim) >= victimAtReturn + 20);
        long reroutedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartAt);
        assertThat(versionIds(c, 1)).isEqualTo(versionsBefore);

        load.stop.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(load.failures).as("failed calls over the whole run").isEmpty();
        System.out.printf("FIGURE load with faults: %d calls from %d clients, 0 failed; %d answered in the %.1f s "
                + "after SIGKILL of %s (slowest call of the run %d ms); restarted node ready after %d ms and served "
                + "again after %d ms; answers per node %s%n", load.total(), CLIENTS, load.total() - beforeKill,
            afterKillSeconds, victim, load.maxLatencyMs.get(), readyMs, reroutedMs, load.perNode);
      } finally {
        load.stop.set(true);
        clients.shutdownNow();
        channel.shutdownNow();
      }
    }
  }

  private static Set<String> versionIds(LoopbackCluster c, int i) {
    return c.versions(i).getVersionsList().stream().map(ModelVersion::getId).collect(Collectors.toSet());
  }

  /** Closed-loop clients; every answer is counted by the node that gave it. */
  private static final class Load {
    final EmotionServiceGrpc.EmotionServiceBlockingStub stub;
    final AtomicBoolean stop = new AtomicBoolean();
    final Map<String, LongAdder> perNode = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final AtomicLong maxLatencyMs = new AtomicLong();

    Load(EmotionServiceGrpc.EmotionServiceBlockingStub stub) {
      this.stub = stub;
    }

    void run() {
      ClassifyRequest request = ClassifyRequest.newBuilder().setImage(LoopbackCluster.IMAGE).build();
      while (!stop.get()) {
        long t0 = System.nanoTime();
        try {
          ClassifyResponse r = stub.withDeadlineAfter(15, TimeUnit.SECONDS).classify(request);
          perNode.computeIfAbsent(r.getNodeId(), k -> new LongAdder()).increment();
          maxLatencyMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), Math::max);
        } catch (StatusRuntimeException e) {
          if (!stop.get()) {
            failures.add(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
          }
        }
      }
    }

    long answeredBy(String nodeId) {
      LongAdder n = perNode.get(nodeId);
      return n == null ? 0 : n.sum();
    }

    long total() {
      return perNode.values().stream().mapToLong(LongAdder::sum).sum();
    }
  }
}
