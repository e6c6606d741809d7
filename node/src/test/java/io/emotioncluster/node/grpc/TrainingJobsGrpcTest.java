package io.emotioncluster.node.grpc;

import static io.emotioncluster.node.grpc.GrpcTestSupport.codeOf;
import static io.emotioncluster.node.grpc.GrpcTestSupport.drain;
import static io.emotioncluster.node.grpc.GrpcTestSupport.errorOf;
import static io.emotioncluster.node.grpc.GrpcTestSupport.synthJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.api.v1.BaseModel;
import io.emotioncluster.api.v1.CancelJobRequest;
import io.emotioncluster.api.v1.CompareRequest;
import io.emotioncluster.api.v1.DatasetSpec;
import io.emotioncluster.api.v1.DeleteVersionRequest;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.Fer2013Spec;
import io.emotioncluster.api.v1.GetVersionRequest;
import io.emotioncluster.api.v1.ImageFolderSpec;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobKind;
import io.emotioncluster.api.v1.JobState;
import io.emotioncluster.api.v1.ListJobsRequest;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.ModelVersion;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingConfig;
import io.emotioncluster.api.v1.WatchJobRequest;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.TestNodes;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train, WatchJob, ListJobs, CancelJob and version management against a real node. */
class TrainingJobsGrpcTest {

  @TempDir
  static Path dataDir;

  static EmotionNode node;
  static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.startReady(TestNodes.config(dataDir));
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    node.close();
  }

  static EmotionServiceGrpc.EmotionServiceBlockingStub emotion() {
    return EmotionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.MINUTES);
  }

  static ModelAdminGrpc.ModelAdminBlockingStub admin() {
    return ModelAdminGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES);
  }

  @Test
  void trainStreamsProgressAndRegistersAVersionThatClearsAMargin() {
    List<JobEvent> events = drain(emotion().train(synthJob(30, 4, 5)));

    JobEvent first = events.get(0);
    assertThat(first.getJobId()).startsWith("job-");
    assertThat(first.getState()).isEqualTo(JobState.QUEUED);
    assertThat(first.getPhase()).isEqualTo("accepted");
    assertThat(events).extracting(JobEvent::getPhase).contains("loading-data", "training", "evaluating", "registering");
    List<JobEvent> epochs = events.stream().filter(e -> e.getProgress().getEpoch() > 0 && e.getPhase().equals("training")
        && e.getMessage().isEmpty()).toList();
    assertThat(epochs).extracting(e -> e.getProgress().getEpoch()).containsExactly(1, 2, 3, 4, 5);
    assertThat(epochs.get(4).getProgress().getImagesPerSecond()).isPositive();
    assertThat(epochs.get(4).getProgress().getLoss()).isLessThan(epochs.get(0).getProgress().getLoss());

    JobEvent last = events.get(events.size() - 1);
    assertThat(last.getState()).isEqualTo(JobState.SUCCEEDED);
    assertThat(last.getVersionId()).isNotBlank();
    assertThat(last.getMetrics().getAccuracy()).as("test accuracy over 2x chance").isGreaterThan(2.0 / 7);
    assertThat(last.getMetrics().getConfusionMatrixCount()).isEqualTo(49);

    ModelVersion v = admin().getVersion(GetVersionRequest.newBuilder().setVersionId(last.getVersionId()).build());
    assertThat(v.getMetrics().getAccuracy()).isEqualTo(last.getMetrics().getAccuracy());
    assertThat(v.getSplitFingerprint()).hasSize(64);
    assertThat(v.getDatasetFingerprint()).hasSize(64);
    assertThat(v.getTrainingConfigJson()).contains("synthfacs");
    assertThat(v.getSource()).isEqualTo("trained");

    var job = admin().listJobs(ListJobsRequest.getDefaultInstance()).getJobsList().stream()
        .filter(j -> j.getJobId().equals(first.getJobId())).findFirst().orElseThrow();
    assertThat(job.getState()).isEqualTo(JobState.SUCCEEDED);
    assertThat(job.getVersionId()).isEqualTo(last.getVersionId());
    assertThat(job.getFinishedUnixMs()).isGreaterThanOrEqualTo(job.getStartedUnixMs()).isPositive();
  }

  @Test
  void sameRequestGivesTheSameSplit() {
    JobEvent a = lastOf(drain(emotion().train(synthJob(14, 1))));
    JobEvent b = lastOf(drain(emotion().train(synthJob(14, 1))));
    String fa = admin().getVersion(GetVersionRequest.newBuilder().setVersionId(a.getVersionId()).build()).getSplitFingerprint();
    String fb = admin().getVersion(GetVersionRequest.newBuilder().setVersionId(b.getVersionId()).build()).getSplitFingerprint();
    assertThat(fa).isEqualTo(fb);
  }

  @Test
  void aClientThatDisconnectsLeavesTheJobRunningAndWatchJobReattaches() throws Exception {
    String jobId;
    try (Context.CancellableContext ctx = Context.current().withCancellation()) {
      Iterator<JobEvent> events = ctx.call(() -> emotion().train(synthJob(20, 5)));
      jobId = events.next().getJobId();
      ctx.cancel(null); // the first client goes away
    }
    ManagedChannel second = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
    try {
      Iterator<JobEvent> watch = ModelAdminGrpc.newBlockingStub(second).withDeadlineAfter(5, TimeUnit.MINUTES)
          .watchJob(WatchJobRequest.newBuilder().setJobId(jobId).build());
      List<JobEvent> seen = drain(watch);
      assertThat(seen.get(0).getJobId()).isEqualTo(jobId); // the current state comes first
      assertThat(lastOf(seen).getState()).isEqualTo(JobState.SUCCEEDED);
      // a late watcher of a finished job gets its final state at once
      List<JobEvent> late = drain(ModelAdminGrpc.newBlockingStub(second).withDeadlineAfter(30, TimeUnit.SECONDS)
          .watchJob(WatchJobRequest.newBuilder().setJobId(jobId).build()));
      assertThat(late).hasSize(1);
      assertThat(late.get(0).getState()).isEqualTo(JobState.SUCCEEDED);
    } finally {
      second.shutdownNow();
    }
  }

  @Test
  void cancelStopsTheJobCleanlyAndRegistersNothing() {
    int versionsBefore = node.registry().list(null, null).size();
    Iterator<JobEvent> events = emotion().train(synthJob(20, 200));
    String jobId = events.next().getJobId();
    JobEvent e;
    do {
      e = events.next();
    } while (e.getProgress().getEpoch() < 1);
    admin().cancelJob(CancelJobRequest.newBuilder().setJobId(jobId).build());
    List<JobEvent> rest = drain(events);
    assertThat(lastOf(rest).getState()).isEqualTo(JobState.CANCELLED);
    assertThat(node.registry().list(null, null)).hasSize(versionsBefore);
    assertThat(dataDir.resolve("jobs").resolve(jobId).resolve("checkpoint")).doesNotExist();
    assertThat(codeOf(() -> admin().cancelJob(CancelJobRequest.newBuilder().setJobId(jobId).build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(codeOf(() -> admin().cancelJob(CancelJobRequest.newBuilder().setJobId("job-nope").build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void datasetPathsOutsideTheDatasetsRootArePermissionDenied() throws Exception {
    for (String path : List.of("../registry", "/etc", "ok/../../jobs")) {
      var e = errorOf(() -> drain(emotion().train(TrainRequest.newBuilder().setDataset(DatasetSpec.newBuilder()
          .setImageFolder(ImageFolderSpec.newBuilder().setPath(path))).build())));
      assertThat(e.getStatus().getCode()).as(path).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
    Path outside = Files.createTempDirectory("outside");
    Files.createSymbolicLink(dataDir.resolve("datasets").resolve("sneaky"), outside);
    assertThat(codeOf(() -> drain(emotion().train(TrainRequest.newBuilder().setDataset(DatasetSpec.newBuilder()
        .setFer2013(Fer2013Spec.newBuilder().setPath("sneaky"))).build())))).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(codeOf(() -> drain(emotion().train(TrainRequest.newBuilder().setDataset(DatasetSpec.newBuilder()
        .setImageFolder(ImageFolderSpec.newBuilder().setPath("not-there"))).build())))).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void imageFolderDatasetInsideTheRootTrains() throws Exception {
    new SynthFacs(SynthFacsConfig.defaults().withSubjects(10).withImagesPerEmotion(2).withDifficulty(0.2))
        .writeImageFolder(dataDir.resolve("datasets").resolve("cfee-like"));
    Files.writeString(dataDir.resolve("datasets/cfee-like/happiness/broken.png"), "not a png");
    List<JobEvent> events = drain(emotion().train(TrainRequest.newBuilder()
        .setDataset(DatasetSpec.newBuilder().setImageFolder(ImageFolderSpec.newBuilder()
            .setPath("cfee-like").setSubjectPattern("^s(\\d+)-")))
        .setConfig(TrainingConfig.newBuilder().setEpochs(1)).build()));
    assertThat(lastOf(events).getState()).isEqualTo(JobState.SUCCEEDED);
    assertThat(events).anyMatch(e -> e.getMessage().contains("broken.png")); // reported, skipped
    assertThat(events).anyMatch(e -> e.getMessage().contains("subject-independent"));
  }

  @Test
  void badRequestsAreRefusedBeforeQueueing() {
    var noDataset = errorOf(() -> drain(emotion().train(TrainRequest.getDefaultInstance())));
    assertThat(noDataset.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noDataset.getStatus().getDescription()).contains("dataset is required");

    var tooLong = errorOf(() -> drain(emotion().train(synthJob(10, 1).toBuilder()
        .setConfig(TrainingConfig.newBuilder().setEpochs(5000)).build())));
    assertThat(tooLong.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(tooLong.getStatus().getDescription()).contains("at most 1000");

    assertThat(codeOf(() -> drain(emotion().train(synthJob(10, 1).toBuilder()
        .setConfig(TrainingConfig.newBuilder().setArchitecture("resnet")).build()))))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(codeOf(() -> drain(emotion().train(synthJob(10, 1).toBuilder()
        .setBase(BaseModel.newBuilder().setVersionId("v999")).build())))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(codeOf(() -> drain(emotion().train(synthJob(10, 1).toBuilder().setKind(JobKind.GENERATOR_TRAINING)
        .setGenerator(io.emotioncluster.api.v1.GeneratorConfig.newBuilder().setResolution(24)).build()))))
        .isEqualTo(Status.Code.INVALID_ARGUMENT); // generator jobs run now; 24 px is not a power of two
    assertThat(codeOf(() -> drain(admin().watchJob(WatchJobRequest.newBuilder().setJobId("job-x").build()))))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void fineTuningRecordsItsParentAndProtectsIt() {
    JobEvent base = lastOf(drain(emotion().train(synthJob(14, 1))));
    JobEvent child = lastOf(drain(emotion().train(synthJob(14, 1).toBuilder()
        .setBase(BaseModel.newBuilder().setVersionId(base.getVersionId()))
        .setConfig(TrainingConfig.newBuilder().setEpochs(2).setFreezeEpochs(1)).build())));
    assertThat(child.getState()).isEqualTo(JobState.SUCCEEDED);
    ModelVersion v = admin().getVersion(GetVersionRequest.newBuilder().setVersionId(child.getVersionId()).build());
    assertThat(v.getParentVersion()).isEqualTo(base.getVersionId());

    var refused = errorOf(() -> admin().deleteVersion(DeleteVersionRequest.newBuilder().setVersionId(base.getVersionId()).build()));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refused.getStatus().getDescription()).contains("base of " + child.getVersionId());

    admin().deleteVersion(DeleteVersionRequest.newBuilder().setVersionId(child.getVersionId()).build());
    assertThat(codeOf(() -> admin().getVersion(GetVersionRequest.newBuilder().setVersionId(child.getVersionId()).build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    var production = errorOf(() -> admin().deleteVersion(DeleteVersionRequest.newBuilder()
        .setVersionId(node.registry().production(io.emotioncluster.node.registry.ModelKind.CLASSIFIER).orElseThrow()).build()));
    assertThat(production.getStatus().getDescription()).contains("production");
  }

  @Test
  void compareScoresTwoVersionsOnTheBaselinesOwnTestSplit() {
    JobEvent trained = lastOf(drain(emotion().train(synthJob(14, 2))));
    var r = admin().compare(CompareRequest.newBuilder().setBaselineVersion("v1")
        .setCandidateVersion(trained.getVersionId()).build());
    ModelVersion v1 = admin().getVersion(GetVersionRequest.newBuilder().setVersionId("v1").build());
    assertThat(r.getSplitFingerprint()).isEqualTo(v1.getSplitFingerprint());
    assertThat(r.getTestImages()).isEqualTo(v1.getMetrics().getTestImages());
    assertThat(r.getBaseline().getAccuracy()).isEqualTo(v1.getMetrics().getAccuracy());
    assertThat(r.getBaseline().getAccuracyCiLow()).isLessThanOrEqualTo(r.getBaseline().getAccuracy());
    assertThat(r.getBaseline().getAccuracyCiHigh()).isGreaterThanOrEqualTo(r.getBaseline().getAccuracy());
    assertThat(r.getAccuracyDelta()).isEqualTo(r.getCandidate().getAccuracy() - r.getBaseline().getAccuracy());
    assertThat(r.getPerClassF1DeltaCount()).isEqualTo(7);
    assertThat(r.getPValue()).isBetween(0.0, 1.0);
    assertThat(r.getTest()).contains("McNemar");

    assertThat(codeOf(() -> admin().compare(CompareRequest.newBuilder().setBaselineVersion("v1").build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(codeOf(() -> admin().compare(CompareRequest.newBuilder().setBaselineVersion("v1")
        .setCandidateVersion("v404").build()))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(codeOf(() -> admin().compare(CompareRequest.newBuilder().setExperimentId("job-1").build())))
        .isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  static JobEvent lastOf(List<JobEvent> events) {
    return events.get(events.size() - 1);
  }
}
