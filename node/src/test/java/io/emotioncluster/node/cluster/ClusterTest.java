package io.emotioncluster.node.cluster;

import static io.emotioncluster.node.cluster.LoopbackCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.api.v1.ClusterStatusRequest;
import io.emotioncluster.api.v1.ClusterStatusResponse;
import io.emotioncluster.api.v1.DatasetSpec;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobInfo;
import io.emotioncluster.api.v1.JobState;
import io.emotioncluster.api.v1.ListJobsRequest;
import io.emotioncluster.api.v1.ModelVersion;
import io.emotioncluster.api.v1.NodeStatus;
import io.emotioncluster.api.v1.PromoteRequest;
import io.emotioncluster.api.v1.SynthFacsSpec;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingConfig;
import io.emotioncluster.api.v1.WatchJobRequest;
import io.emotioncluster.node.registry.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node JVMs clustered on loopback, one scenario end to end: membership and ClusterStatus;
 * the bootstrap version copied to every node (file and sha256); an experiments file replicated;
 * a second job placed on another node, watched from the node it was submitted to, and moved to a
 * third node (resuming from its replicated checkpoint) when its node is killed with SIGKILL;
 * nothing lost with that node; promotions seen everywhere without a failed request; concurrent
 * promotions agreeing on one winner; a deletion replicated; the killed node catching up on
 * restart (versions, the promotion and the deletion it missed); and a SIGKILL of the
 * whole cluster followed by a restart restoring every version, pointer, job record and file.
 * Figures (propagation, failover) are printed for docs/cluster.md.
 */
@Timeout(value = 9, unit = TimeUnit.MINUTES)
class ClusterTest {

  @Test
  void threeNodesReplicateFailOverAndSurviveRestarts(@TempDir Path root) throws Exception {
    try (LoopbackCluster c = new LoopbackCluster(root, 3)) {
      for (int i = 0; i < 3; i++) {
        c.start(i);
      }
      await("three ready nodes", 240, () -> IntStream.range(0, 3).allMatch(c::ready));

      // ---- membership and status --------------------------------------------------------
      // Other nodes' lines are what they published, refreshed every second: a node that has just
      // become ready may still show its previous line for up to a second.
      await("ClusterStatus showing three ready nodes", 30, () -> {
        List<NodeStatus> nodes = c.admin(1).clusterStatus(ClusterStatusRequest.getDefaultInstance()).getNodesList();
        return nodes.size() == 3 && nodes.stream().allMatch(n -> n.getReady() && n.getHealth().equals("SERVING")
            && n.getLoadedVersionsCount() > 0);
      });
      ClusterStatusResponse status = c.admin(1).clusterStatus(ClusterStatusRequest.getDefaultInstance());
      assertThat(status.getClusterName()).isEqualTo("test-" + c.clusterPorts[0]);
      assertThat(status.getNodesList()).extracting(NodeStatus::getNodeId)
          .containsExactlyInAnyOrder(c.nodeId(0), c.nodeId(1), c.nodeId(2));
      for (NodeStatus n : status.getNodesList()) {
        int i = c.indexOf(n.getNodeId());
        assertThat(n.getGrpcAddress()).isEqualTo("127.0.0.1:" + c.grpcPorts[i]);
        assertThat(n.getClusterAddress()).isEqualTo("127.0.0.1:" + c.clusterPorts[i]);
        assertThat(n.getEngine()).isEqualTo("MXNet");
        assertThat(n.getDevice()).isNotBlank();
        assertThat(n.getSoftwareVersion()).isNotBlank();
        assertThat(n.getHealth()).isEqualTo("SERVING");
        assertThat(n.getReady()).isTrue();
        assertThat(n.getLoadedVersionsList()).isNotEmpty();
      }

      // ---- the bootstrap version is on every disk --------------------------------------
      String v1 = c.versions(0).getProductionClassifier();
      assertThat(v1).isNotBlank();
      for (int i = 0; i < 3; i++) {
        assertThat(c.versions(i).getProductionClassifier()).isEqualTo(v1);
        assertHeldWithSha(c, i);
        assertThat(c.servedVersion(i)).isEqualTo(v1);
      }

      // ---- a generic directory (experiments) is replicated ------------------------------
      Path exp = c.dirs[2].resolve("experiments");
      Files.createDirectories(exp);
      Files.writeString(exp.resolve("exp-test.json"), "{\"id\":\"exp-test\",\"figure\":0.75}");
      await("the experiments file on every node", 30, () -> IntStream.range(0, 3).allMatch(i ->
          Files.exists(c.dirs[i].resolve("experiments/exp-test.json"))));

      // ---- placement: the second job goes to another node -------------------------------
      Iterator<JobEvent> first = c.emotion(1).train(job("short", 2));
      String shortJob = first.next().getJobId();
      Iterator<JobEvent> second = c.emotion(1).withDeadlineAfter(6, TimeUnit.MINUTES).train(job("long", 8));
      String longJob = second.next().getJobId();
      String shortNode = jobInfo(c, 1, shortJob).getNodeId();
      String longNode = jobInfo(c, 1, longJob).getNodeId();
      assertThat(shortNode).isEqualTo(c.nodeId(1));
      assertThat(longNode).isNotEqualTo(shortNode);
      int trainer = c.indexOf(longNode);
      int survivorA = 1;
      int survivorB = 3 - 1 - trainer; // the third node

      // ---- watched from the submitting node, the long job survives its node's SIGKILL ------
      List<JobEvent> seen = new ArrayList<>();
      CompletableFuture<Void> watched = CompletableFuture.runAsync(() -> second.forEachRemaining(seen::add));
      Path replicated = c.dirs[survivorB].resolve("jobs").resolve(longJob).resolve("checkpoint").resolve("epoch.txt");
      await("a checkpoint of epoch 2 copied to " + c.nodeId(survivorB), 180, () -> epochOf(replicated) >= 2);
      int checkpointed = epochOf(replicated);
      long killedAt = System.nanoTime();
      long killedWall = System.currentTimeMillis();
      c.kill(trainer);
      watched.get(5, TimeUnit.MINUTES);
      JobEvent moved = seen.stream().filter(e -> e.getMessage().contains("left the cluster")).findFirst().orElseThrow();
      long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
      JobEvent last = seen.get(seen.size() - 1);
      assertThat(last.getState()).as(seen.toString()).isEqualTo(JobState.SUCCEEDED);
      assertThat(moved.getMessage()).contains("resumes from the checkpoint of epoch");
      List<Integer> epochsAfterMove = seen.subList(seen.indexOf(moved), seen.size()).stream()
          .filter(e -> e.getPhase().equals("training") && e.getMessage().isEmpty())
          .map(e -> e.getProgress().getEpoch()).distinct().toList();
      assertThat(epochsAfterMove).isNotEmpty().allMatch(ep -> ep > checkpointed - 1);
      assertThat(jobInfo(c, survivorA, longJob).getNodeId()).isIn(c.nodeId(survivorA), c.nodeId(survivorB));
      assertThat(drainState(c, survivorB, shortJob)).isEqualTo(JobState.SUCCEEDED);
      System.out.printf("FIGURE job failover: SIGKILL of %s after epoch %d; job moved %d ms later (%s); "
          + "finished %d ms after the kill%n", longNode, checkpointed, moved.getTimeUnixMs() - killedWall,
          moved.getMessage(), failoverMs);

      // ---- nothing lost with the killed node ---------------------------------------------
      List<String> ids = c.versions(survivorA).getVersionsList().stream().map(ModelVersion::getId).toList();
      assertThat(ids).hasSize(3).doesNotHaveDuplicates();
      await("every version held by both survivors", 60, () -> c.versions(survivorB).getVersionsCount() == 3);
      assertHeldWithSha(c, survivorA);
      assertHeldWithSha(c, survivorB);

      // ---- promotion (with a node down) reaches every live node, with no failed request -----
      String vShort = versionOf(c, survivorA, shortJob);
      String vLong = versionOf(c, survivorA, longJob);
      AtomicBoolean load = new AtomicBoolean(true);
      AtomicInteger failures = new AtomicInteger();
      AtomicInteger served = new AtomicInteger();
      CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
        while (load.get()) {
          try {
            c.servedVersion(survivorB);
            served.incrementAndGet();
          } catch (RuntimeException e) {
            failures.incrementAndGet();
          }
        }
      });
      long t0 = System.nanoTime();
      c.admin(survivorA).promote(PromoteRequest.newBuilder().setVersionId(vShort).build());
      long answered = System.nanoTime();
      await("the other node serving " + vShort, 60, () -> c.servedVersion(survivorB).equals(vShort));
      long propagatedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
      System.out.printf("FIGURE promotion: Promote answered in %d ms; the other node served %s %d ms later%n",
          TimeUnit.NANOSECONDS.toMillis(answered - t0), vShort, propagatedMs);

      // concurrent promotions on two nodes: one order wins, everywhere
      CompletableFuture<?> p1 = CompletableFuture.runAsync(() ->
          c.admin(survivorA).promote(PromoteRequest.newBuilder().setVersionId(vLong).build()));
      CompletableFuture<?> p2 = CompletableFuture.runAsync(() ->
          c.admin(survivorB).promote(PromoteRequest.newBuilder().setVersionId(v1).build()));
      CompletableFuture.allOf(p1, p2).get(2, TimeUnit.MINUTES);
      long raced = System.nanoTime();
      await("both nodes agreeing on one production", 60, () -> {
        String a = c.versions(survivorA).getProductionClassifier();
        return a.equals(c.versions(survivorB).getProductionClassifier()) && a.equals(c.servedVersion(survivorA))
            && a.equals(c.servedVersion(survivorB));
      });
      String winner = c.versions(survivorA).getProductionClassifier();
      assertThat(winner).isIn(vLong, v1);
      System.out.printf("FIGURE concurrent promotions: %s won; nodes agreed %d ms after both answered%n", winner,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - raced));
      load.set(false);
      traffic.get(1, TimeUnit.MINUTES);
      assertThat(failures.get()).as("failed Classify calls during promotions").isZero();
      assertThat(served.get()).isPositive();

      // ---- a deletion on one node reaches the others (and, below, the node that was down) ----
      c.admin(survivorB).deleteVersion(io.emotioncluster.api.v1.DeleteVersionRequest.newBuilder()
          .setVersionId(vShort).build());
      await(vShort + " deleted everywhere", 30, () -> c.versions(survivorA).getVersionsList().stream()
          .noneMatch(v -> v.getId().equals(vShort)));
      ids = c.versions(survivorA).getVersionsList().stream().map(ModelVersion::getId).toList();
      assertThat(ids).hasSize(2);

      // ---- the killed node catches up when it comes back --------------------------------
      long restartAt = System.nanoTime();
      c.start(trainer);
      await(c.nodeId(trainer) + " ready again", 120, () -> c.ready(trainer));
      assertThat(c.versions(trainer).getProductionClassifier()).isEqualTo(winner);
      assertThat(c.servedVersion(trainer)).isEqualTo(winner);
      assertThat(c.versions(trainer).getVersionsList()).extracting(ModelVersion::getId)
          .containsExactlyInAnyOrderElementsOf(ids);
      assertHeldWithSha(c, trainer);
      System.out.printf("FIGURE catch-up: the restarted node was ready with production %s %d ms after its start%n",
          winner, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartAt));

      // ---- SIGKILL the whole cluster, start it again: everything is back -----------------
      Map<String, JobState> jobsBefore = jobStates(c, 0);
      Set<String> versionsBefore = Set.copyOf(ids);
      for (int i = 0; i < 3; i++) {
        c.kill(i);
      }
      for (int i = 0; i < 3; i++) {
        c.start(i);
      }
      await("three ready nodes after a full restart", 180, () -> IntStream.range(0, 3).allMatch(c::ready));
      for (int i = 0; i < 3; i++) {
        final int n = i;
        assertThat(c.versions(i).getVersionsList().stream().map(ModelVersion::getId).collect(Collectors.toSet()))
            .isEqualTo(versionsBefore);
        assertThat(c.versions(i).getProductionClassifier()).isEqualTo(winner);
        assertThat(c.servedVersion(i)).isEqualTo(winner);
        assertThat(jobStates(c, i)).isEqualTo(jobsBefore);
        assertThat(c.versions(i).getVersionsList()).allMatch(v -> v.getMetrics().getTestImages() > 0);
        assertThat(Files.readString(c.dirs[n].resolve("experiments/exp-test.json"))).contains("0.75");
      }
      assertThat(c.admin(0).clusterStatus(ClusterStatusRequest.getDefaultInstance()).getNodesCount()).isEqualTo(3);
    }
  }

  private static TrainRequest job(String name, int epochs) {
    return TrainRequest.newBuilder()
        .setDisplayName(name)
        .setDataset(DatasetSpec.newBuilder().setSynthfacs(SynthFacsSpec.newBuilder()
            .setSubjects(8).setImagesPerEmotion(2).setDifficulty(0.2f).setSeed(11)))
        .setConfig(TrainingConfig.newBuilder().setEpochs(epochs).setSeed(3))
        .build();
  }

  private static void assertHeldWithSha(LoopbackCluster c, int i) throws Exception {
    for (ModelVersion v : c.versions(i).getVersionsList()) {
      Path params = c.dirs[i].resolve("registry/versions").resolve(v.getId()).resolve("model-0000.params");
      assertThat(params).as("%s on node %d", v.getId(), i).exists();
      assertThat(Sha256.of(params)).isEqualTo(v.getSha256());
    }
  }

  private static JobInfo jobInfo(LoopbackCluster c, int i, String jobId) {
    return c.admin(i).listJobs(ListJobsRequest.getDefaultInstance()).getJobsList().stream()
        .filter(j -> j.getJobId().equals(jobId)).findFirst().orElseThrow();
  }

  private static Map<String, JobState> jobStates(LoopbackCluster c, int i) {
    Map<String, JobState> out = new TreeMap<>();
    c.admin(i).listJobs(ListJobsRequest.getDefaultInstance()).getJobsList()
        .forEach(j -> out.put(j.getJobId(), j.getState()));
    return out;
  }

  private static JobState drainState(LoopbackCluster c, int i, String jobId) {
    Iterator<JobEvent> it = c.admin(i).withDeadlineAfter(3, TimeUnit.MINUTES)
        .watchJob(WatchJobRequest.newBuilder().setJobId(jobId).build());
    JobEvent e = null;
    while (it.hasNext()) {
      e = it.next();
    }
    return e == null ? null : e.getState();
  }

  private static String versionOf(LoopbackCluster c, int i, String jobId) {
    String v = jobInfo(c, i, jobId).getVersionId();
    assertThat(v).as("version of " + jobId).isNotBlank();
    return v;
  }

  private static int epochOf(Path epochFile) {
    try {
      return Files.exists(epochFile) ? Integer.parseInt(Files.readString(epochFile).trim()) : 0;
    } catch (Exception e) {
      return 0;
    }
  }
}
