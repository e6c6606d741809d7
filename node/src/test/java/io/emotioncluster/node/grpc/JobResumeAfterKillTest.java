package io.emotioncluster.node.grpc;

import static io.emotioncluster.node.grpc.GrpcTestSupport.drain;
import static io.emotioncluster.node.grpc.GrpcTestSupport.synthJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.GetVersionRequest;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobState;
import io.emotioncluster.api.v1.ListJobsRequest;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.WatchJobRequest;
import io.emotioncluster.node.app.NodeProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node process killed with SIGKILL mid-training resumes the job from its last checkpoint. */
class JobResumeAfterKillTest {

  @Test
  void jobResumesAfterTheCheckpointAndRegistersOnce(@TempDir Path dir) throws Exception {
    int port = NodeProcess.freePort();
    String jobId;
    int checkpointed;
    try (NodeProcess first = NodeProcess.start(dir, port, "--no-bootstrap")) {
      ManagedChannel ch = channel(port);
      try {
        awaitUp(ch);
        Iterator<JobEvent> events = EmotionServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.MINUTES)
            .train(synthJob(16, 6));
        jobId = events.next().getJobId();
        JobEvent e;
        do {
          e = events.next();
        } while (e.getProgress().getEpoch() < 2);
        checkpointed = e.getProgress().getEpoch();
        // the checkpoint of that epoch is written right after its progress event
        Path epochFile = dir.resolve("jobs").resolve(jobId).resolve("checkpoint").resolve("epoch.txt");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(epochFile) && Integer.parseInt(Files.readString(epochFile).trim()) >= checkpointed)
            && System.nanoTime() < until) {
          Thread.sleep(20);
        }
        checkpointed = Integer.parseInt(Files.readString(epochFile).trim());
        first.kill();
      } finally {
        ch.shutdownNow();
      }
    }

    try (NodeProcess second = NodeProcess.start(dir, port, "--no-bootstrap")) {
      ManagedChannel ch = channel(port);
      try {
        awaitUp(ch);
        var admin = ModelAdminGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.MINUTES);
        List<JobEvent> after = drain(admin.watchJob(WatchJobRequest.newBuilder().setJobId(jobId).build()));
        JobEvent last = after.get(after.size() - 1);
        assertThat(last.getState()).isEqualTo(JobState.SUCCEEDED);
        int resumedAt = checkpointed;
        List<Integer> epochsAfterRestart = after.stream()
            .filter(ev -> ev.getPhase().equals("training") && ev.getMessage().isEmpty())
            .map(ev -> ev.getProgress().getEpoch()).distinct().toList();
        assertThat(epochsAfterRestart).isNotEmpty().allMatch(ep -> ep > resumedAt);
        assertThat(epochsAfterRestart.get(epochsAfterRestart.size() - 1)).isEqualTo(6);

        var jobs = admin.listJobs(ListJobsRequest.getDefaultInstance()).getJobsList();
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).getState()).isEqualTo(JobState.SUCCEEDED);
        assertThat(admin.getVersion(GetVersionRequest.newBuilder().setVersionId(last.getVersionId()).build())
            .getMetrics().getTestImages()).isPositive();
        assertThat(admin.listVersions(io.emotioncluster.api.v1.ListVersionsRequest.getDefaultInstance())
            .getVersionsCount()).isEqualTo(1);
      } finally {
        ch.shutdownNow();
      }
    }
  }

  @Test
  void gracefulShutdownKeepsTheJobForTheNextStart(@TempDir Path dir) throws Exception {
    var config = io.emotioncluster.node.app.TestNodes.config(dir).withBootstrap(false, null);
    String jobId;
    try (var node = io.emotioncluster.node.app.TestNodes.startReady(config)) {
      ManagedChannel ch = channel(node.port());
      Iterator<JobEvent> events = EmotionServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.MINUTES)
          .train(synthJob(12, 6));
      jobId = events.next().getJobId();
      JobEvent e;
      do {
        e = events.next();
      } while (e.getProgress().getEpoch() < 1);
      ch.shutdownNow();
    } // close() stops the job at its next step without failing or cancelling it
    try (var node = io.emotioncluster.node.app.TestNodes.startReady(config)) {
      ManagedChannel ch = channel(node.port());
      try {
        List<JobEvent> after = drain(ModelAdminGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.MINUTES)
            .watchJob(WatchJobRequest.newBuilder().setJobId(jobId).build()));
        assertThat(after.get(after.size() - 1).getState()).isEqualTo(JobState.SUCCEEDED);
        assertThat(after).anyMatch(ev -> ev.getMessage().startsWith("resuming after the checkpoint of epoch"));
      } finally {
        ch.shutdownNow();
      }
    }
  }

  static ManagedChannel channel(int port) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  static void awaitUp(ManagedChannel ch) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < until) {
      try {
        HealthGrpc.newBlockingStub(ch).withDeadlineAfter(2, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
        return;
      } catch (StatusRuntimeException e) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("node did not come up");
  }
}
