package io.emotioncluster.node.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.emotioncluster.api.v1.ArmSummary;
import io.emotioncluster.api.v1.CompareRequest;
import io.emotioncluster.api.v1.CompareResponse;
import io.emotioncluster.api.v1.DatasetSpec;
import io.emotioncluster.api.v1.ExperimentSpec;
import io.emotioncluster.api.v1.GeneratorAugmentation;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobInfo;
import io.emotioncluster.api.v1.JobKind;
import io.emotioncluster.api.v1.JobState;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.SynthFacsSpec;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingConfig;
import io.emotioncluster.api.v1.TrainingProgress;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.data.DatasetsRoot;
import io.emotioncluster.node.evaluation.ExperimentComparisons;
import io.emotioncluster.node.evaluation.ExperimentResults;
import io.emotioncluster.node.evaluation.VersionComparator;
import io.emotioncluster.node.grpc.ModelAdminGrpcService;
import io.emotioncluster.node.jobs.ClassifierJob;
import io.emotioncluster.node.jobs.DatasetFactory;
import io.emotioncluster.node.jobs.ExperimentJob;
import io.emotioncluster.node.jobs.JobManager;
import io.emotioncluster.node.jobs.JobRun;
import io.emotioncluster.node.jobs.JobStore;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.VersionRecord;
import io.emotioncluster.node.serving.BatchingConfig;
import io.emotioncluster.node.serving.ServingModels;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.grpc.server.GrpcServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper's experiment end to end on tiny SynthFACS with the procedural (oracle) generator:
 * real classifier training for every run, versions registered and tagged, the comparison stored
 * and served by Compare over gRPC, re-read after reopening, and resumed without retraining.
 */
class ExperimentJobTest {

  @TempDir
  static Path dataDir;

  static final EngineConfig ENGINE = EngineConfig.defaults();
  static ModelRegistry registry;
  static ProceduralGeneratorProvider generators;
  static DatasetFactory datasets;
  static ExperimentResults results;
  static ExperimentJob experimentJob;
  static JobManager jobs;
  static Vertx vertx;
  static HttpServer http;
  static ManagedChannel channel;
  static ExecutorService blocking;

  @BeforeAll
  static void start() throws Exception {
    registry = new ModelRegistry(dataDir.resolve("registry"));
    generators = new ProceduralGeneratorProvider(registry, 0.2, "line");
    Files.createDirectories(dataDir.resolve("datasets"));
    Files.createDirectories(dataDir.resolve("backbones"));
    datasets = new DatasetFactory(new DatasetsRoot(dataDir.resolve("datasets")));
    results = new ExperimentResults(dataDir.resolve("experiments"));
    experimentJob = new ExperimentJob(registry, ENGINE, datasets, new DatasetsRoot(dataDir.resolve("backbones")), generators,
        results);
    ClassifierJob classifierJob = new ClassifierJob(registry, ENGINE, datasets,
        new DatasetsRoot(dataDir.resolve("backbones")), generators);
    jobs = new JobManager(new JobStore(dataDir.resolve("jobs")),
        Map.of(JobKind.CLASSIFIER_TRAINING, classifierJob, JobKind.EXPERIMENT, experimentJob), "test-node", 1, 16);
    blocking = Executors.newCachedThreadPool();
    vertx = Vertx.vertx();
    GrpcServer grpc = GrpcServer.server(vertx);
    grpc.addService(new ModelAdminGrpcService(vertx, registry,
        new ServingModels(registry, ENGINE, BatchingConfig.defaults(), blocking), jobs,
        new VersionComparator(registry, datasets, ENGINE), new ExperimentComparisons(results, jobs::require),
        blocking).service());
    http = vertx.createHttpServer().requestHandler(grpc).listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", http.actualPort()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    jobs.close();
    vertx.close().await(10, TimeUnit.SECONDS);
    blocking.shutdownNow();
  }

  static ModelAdminGrpc.ModelAdminBlockingStub admin() {
    return ModelAdminGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES);
  }

  /**
   * 14 subjects x 7 x 2 = 196 easy images: 10 subjects train, 1 validation, 3 test (42 images);
   * a half-width network, small batches (enough steps to learn in a few epochs on busy cores).
   */
  static TrainRequest.Builder tiny(int epochs) {
    return TrainRequest.newBuilder()
        .setDataset(DatasetSpec.newBuilder().setSynthfacs(SynthFacsSpec.newBuilder()
            .setSubjects(14).setImagesPerEmotion(2).setDifficulty(0f).setSeed(11)))
        .setConfig(TrainingConfig.newBuilder().setEpochs(epochs).setBatchSize(16).setLearningRate(0.003f)
            .setWidthMultiplier(0.5f));
  }

  /** 8 subjects x 7 = 56 images (test: 2 subjects, 14 images), for the classifier-job checks. */
  static TrainRequest.Builder tinier() {
    TrainRequest.Builder b = tiny(1);
    b.getDatasetBuilder().getSynthfacsBuilder().setSubjects(8).setImagesPerEmotion(1);
    return b;
  }

  static TrainRequest experiment(String generator, int perClass, List<Integer> budgets, int epochs) {
    ExperimentSpec.Builder e = ExperimentSpec.newBuilder().addSeeds(1).addSeeds(2)
        .setAugmented(GeneratorAugmentation.newBuilder().setGeneratorVersion(generator).setImagesPerClass(perClass));
    budgets.forEach(e::addRealPerClassBudgets);
    return tiny(epochs).setKind(JobKind.EXPERIMENT).setDisplayName("experiment test").setExperiment(e).build();
  }

  /** Waits for the job's terminal event, collecting every event on the way. */
  static JobEvent await(String jobId, List<JobEvent> events) throws Exception {
    CompletableFuture<JobEvent> end = new CompletableFuture<>();
    Runnable stop = jobs.watch(jobId, e -> {
      events.add(e);
      if (JobManager.isTerminal(e.getState())) {
        end.complete(e);
      }
    });
    try {
      return end.get(5, TimeUnit.MINUTES);
    } finally {
      stop.run();
    }
  }

  static List<VersionRecord> versionsOf(ModelRegistry r, String experiment, ModelKind kind) {
    return r.list(kind, null).stream().filter(v -> experiment.equals(v.tags().get("experiment"))).toList();
  }

  @Test
  void experimentTrainsItsGeneratorRunsBothArmsPerSeedAndBudgetAndComparesOverGrpc() throws Exception {
    int trainedBefore = generators.trained.get();
    JobInfo job = jobs.submit(experiment("", 5, List.of(2, 4), 1));
    String id = job.getJobId();

    // still running: FAILED_PRECONDITION naming the state
    StatusRuntimeException early = catchGrpc(() -> admin().compare(CompareRequest.newBuilder().setExperimentId(id).build()));
    assertThat(early.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(early.getStatus().getDescription()).containsAnyOf("still QUEUED", "still RUNNING");

    List<JobEvent> events = new CopyOnWriteArrayList<>();
    JobEvent last = await(id, events);
    assertThat(last.getState()).as(last.getMessage()).isEqualTo(JobState.SUCCEEDED);
    assertThat(last.getMessage()).contains("paired difference").contains(id);
    assertThat(events).extracting(JobEvent::getMessage)
        .anyMatch(m -> m.startsWith("budget 2/class, seed 1/2, baseline arm (run 1/8)"))
        .anyMatch(m -> m.startsWith("budget 4/class, seed 2/2, augmented arm (run 8/8)"));
    TrainingProgress p = last.getProgress();
    assertThat(p.getTotalSteps()).isEqualTo(8);
    assertThat(generators.trained.get() - trainedBefore).as("one generator per budget, trained first").isEqualTo(2);

    // every version registered and tagged
    List<VersionRecord> classifiers = versionsOf(registry, id, ModelKind.CLASSIFIER);
    assertThat(classifiers).hasSize(8).allMatch(v -> id.equals(v.jobId()));
    assertThat(classifiers).extracting(v -> v.tags().get("arm") + "/" + v.tags().get("seed") + "/"
        + v.tags().get("real_per_class")).containsExactlyInAnyOrder("baseline/1/2", "baseline/2/2", "augmented/1/2",
        "augmented/2/2", "baseline/1/4", "baseline/2/4", "augmented/1/4", "augmented/2/4");
    assertThat(classifiers.stream().filter(v -> v.tags().get("arm").equals("augmented")))
        .allMatch(v -> v.tags().get("generated_images").equals("35"));
    assertThat(classifiers).extracting(VersionRecord::splitFingerprint).containsOnly(classifiers.get(0).splitFingerprint());
    List<VersionRecord> gens = versionsOf(registry, id, ModelKind.GENERATOR);
    assertThat(gens).extracting(v -> v.tags().get("real_per_class")).containsExactlyInAnyOrder("2", "4");

    CompareResponse c = admin().compare(CompareRequest.newBuilder().setExperimentId(id).build());
    assertThat(c.getExperimentId()).isEqualTo(id);
    assertThat(c.getRealPerClass()).as("the headline is the largest budget").isEqualTo(4);
    assertThat(c.getTestImages()).isEqualTo(42);
    assertThat(c.getSplitFingerprint()).isEqualTo(classifiers.get(0).splitFingerprint());
    checkArm(c.getBaseline(), "scratch", 42);
    checkArm(c.getCandidate(), "scratch + generated", 42);
    assertThat(c.getPair()).isEqualTo("scratch");
    assertThat(c.getPairsCount()).as("no base: the scratch pair is the only one").isZero();
    checkArm(c.getClassical(), "classical: HOG + logistic regression", 42);
    assertThat(c.getAccuracyDelta()).isCloseTo(c.getCandidate().getAccuracy() - c.getBaseline().getAccuracy(), within(1e-9));
    assertThat(c.getAccuracyDeltaCiLow()).isLessThanOrEqualTo(c.getAccuracyDelta());
    assertThat(c.getAccuracyDeltaCiHigh()).isGreaterThanOrEqualTo(c.getAccuracyDelta());
    assertThat(c.getMacroF1Delta()).isCloseTo(c.getCandidate().getMacroF1() - c.getBaseline().getMacroF1(), within(1e-9));
    assertThat(c.getPerClassF1DeltaCount()).isEqualTo(7);
    assertThat(c.getPValue()).isBetween(0.0, 1.0);
    assertThat(c.getTest()).contains("paired t-test");
    assertThat(c.getMcnemarPValue()).isBetween(0.0, 1.0);
    assertThat(c.getMcnemarBaselineOnly() + c.getMcnemarCandidateOnly()).isLessThanOrEqualTo(84);
    assertThat(c.getAugmentation()).contains("generator v").contains("5 per class");
    assertThat(c.getRealTrainPerClassList()).containsOnly(4);
    assertThat(c.getLearningCurveList()).extracting(CompareResponse::getRealPerClass).containsExactly(2, 4);
    CompareResponse small = c.getLearningCurve(0);
    assertThat(small.getRealTrainPerClassList()).containsOnly(2);
    checkArm(small.getBaseline(), "scratch", 42);
    assertThat(c.getMarkdown()).contains("| Method | Accuracy (%) | Macro-F1 |", "| Baseline: real images only |",
        "| Augmented: + generated images", "| Difference (paired by seed) |", "| happiness |", "**Learning curve**",
        "| 2 |", "| 4 |");

    // persisted: the same answer from a reopened store, and the versions from a reopened registry
    assertThat(Files.exists(dataDir.resolve("experiments").resolve(id + ".json"))).isTrue();
    assertThat(new ExperimentResults(dataDir.resolve("experiments")).load(id)).contains(c);
    ModelRegistry reopened = new ModelRegistry(dataDir.resolve("registry"));
    assertThat(versionsOf(reopened, id, ModelKind.CLASSIFIER)).hasSize(8);
    assertThat(versionsOf(reopened, id, ModelKind.GENERATOR)).hasSize(2);

    // two-version Compare still works on the experiment's versions (their recorded requests rebuild the split)
    String b1 = c.getBaseline().getVersionIds(0);
    String a1 = c.getCandidate().getVersionIds(0);
    CompareResponse pair = admin().compare(CompareRequest.newBuilder().setBaselineVersion(b1).setCandidateVersion(a1).build());
    assertThat(pair.getTestImages()).isEqualTo(42);
    assertThat(pair.getBaseline().getAccuracy()).isCloseTo(c.getBaseline().getSeedAccuracy(0), within(1e-9));
    assertThat(pair.getCandidate().getAccuracy()).isCloseTo(c.getCandidate().getSeedAccuracy(0), within(1e-9));

    // resume: a restarted attempt of the same job finds every run registered and retrains nothing
    Files.delete(dataDir.resolve("experiments").resolve(id + ".json"));
    int registered = registry.list(null, null).size();
    var outcome = experimentJob.run(new ResumedRun(id, job.getRequest(), dataDir.resolve("jobs").resolve(id)));
    assertThat(registry.list(null, null)).hasSize(registered);
    CompareResponse again = results.load(id).orElseThrow();
    assertThat(again).isEqualTo(c);
    assertThat(outcome.metrics()).isEqualTo(c.getCandidate().getMetrics());
  }

  static void checkArm(ArmSummary a, String label, int testImages) {
    assertThat(a.getLabel()).isEqualTo(label);
    assertThat(a.getVersionIdsCount()).isEqualTo(2);
    for (int i = 0; i < a.getVersionIdsCount(); i++) {
      if (!a.getVersionIds(i).isEmpty()) { // each seed's accuracy is that of the version registered for it
        VersionRecord v = registry.require(a.getVersionIds(i));
        assertThat(v.tags()).containsEntry("seed", Long.toString(a.getSeeds(i)));
        assertThat(v.metrics().accuracy()).isCloseTo(a.getSeedAccuracy(i), within(1e-9));
      }
    }
    assertThat(a.getSeedsList()).containsExactly(1L, 2L);
    assertThat(a.getSeedAccuracyCount()).isEqualTo(2);
    assertThat(a.getAccuracy()).isCloseTo((a.getSeedAccuracy(0) + a.getSeedAccuracy(1)) / 2, within(1e-12));
    assertThat(a.getAccuracyCiLow()).isLessThanOrEqualTo(a.getAccuracy());
    assertThat(a.getAccuracyCiHigh()).isGreaterThanOrEqualTo(a.getAccuracy());
    assertThat(a.getMacroF1CiLow()).isLessThanOrEqualTo(a.getMacroF1());
    assertThat(a.getMacroF1CiHigh()).isGreaterThanOrEqualTo(a.getMacroF1());
    assertThat(a.getMetrics().getConfusionMatrixCount()).isEqualTo(49);
    assertThat(a.getMetrics().getConfusionMatrixList().stream().mapToInt(Integer::intValue).sum())
        .as("pooled over both seeds").isEqualTo(2 * testImages);
    assertThat(a.getMetrics().getPerClassCount()).isEqualTo(7);
  }

  /**
   * The paper's protocol with a base: a classifier trained on other people drawn in the line
   * style is the base of an experiment on shaded faces; both arms of the transfer pair start from
   * it, the scratch pair runs beside it, the PCA generator is a variant paired with the same
   * transfer runs, and the classical baseline is fitted on the same real images.
   */
  @Test
  void experimentWithABaseReportsTransferScratchVariantAndClassicalRowsOnOneSplit() throws Exception {
    TrainRequest.Builder source = tinier();
    source.getDatasetBuilder().getSynthfacsBuilder().setSeed(21).setSubjects(10);
    source.getConfigBuilder().setEpochs(3);
    JobEvent sourceEnd = await(jobs.submit(source.build()).getJobId(), new CopyOnWriteArrayList<>());
    assertThat(sourceEnd.getState()).as(sourceEnd.getMessage()).isEqualTo(JobState.SUCCEEDED);
    String base = sourceEnd.getVersionId();

    String gen = generators.trainAndRegister(null, datasets.load(tiny(1).getDataset()).images(), List.of(),
        io.emotioncluster.api.v1.GeneratorConfig.getDefaultInstance(), Map.of("purpose", "base test"));
    TrainRequest.Builder r = experiment(gen, 4, List.of(), 2).toBuilder()
        .setBase(io.emotioncluster.api.v1.BaseModel.newBuilder().setVersionId(base));
    r.getDatasetBuilder().getSynthfacsBuilder().setStyle("shaded").setSeed(12);
    r.getConfigBuilder().setFreezeEpochs(1);
    r.getExperimentBuilder().addGeneratorVariants("pca");
    List<JobEvent> events = new CopyOnWriteArrayList<>();
    JobInfo job = jobs.submit(r.build());
    String id = job.getJobId();
    JobEvent last = await(id, events);
    assertThat(last.getState()).as(last.getMessage()).isEqualTo(JobState.SUCCEEDED);
    assertThat(events).extracting(JobEvent::getMessage).anyMatch(m -> m.contains("both arms start from the base"));
    assertThat(last.getProgress().getTotalSteps()).as("5 arms x 2 seeds").isEqualTo(10);

    List<VersionRecord> classifiers = versionsOf(registry, id, ModelKind.CLASSIFIER);
    assertThat(classifiers).extracting(v -> v.tags().get("arm") + "/" + v.tags().get("seed"))
        .containsExactlyInAnyOrder("baseline/1", "baseline/2", "augmented/1", "augmented/2", "scratch/1", "scratch/2",
            "scratch-augmented/1", "scratch-augmented/2", "augmented-pca/1", "augmented-pca/2");
    for (VersionRecord v : classifiers) {
      boolean scratch = v.tags().get("arm").startsWith("scratch");
      assertThat(v.parentVersion()).as(v.tags().get("arm")).isEqualTo(scratch ? null : base);
    }
    assertThat(classifiers).filteredOn(v -> v.tags().get("arm").equals("augmented-pca"))
        .allMatch(v -> v.tags().get("augmented_with").equals("pca") && v.tags().get("generated_images").equals("28"));

    CompareResponse c = admin().compare(CompareRequest.newBuilder().setExperimentId(id).build());
    assertThat(c.getPair()).isEqualTo("transfer");
    checkArm(c.getBaseline(), "transfer", 42);
    checkArm(c.getCandidate(), "transfer + generated", 42);
    assertThat(c.getPairsList()).extracting(CompareResponse::getPair)
        .containsExactly("scratch", "transfer, pca generator");
    CompareResponse scratch = c.getPairs(0);
    checkArm(scratch.getBaseline(), "scratch", 42);
    checkArm(scratch.getCandidate(), "scratch + generated", 42);
    CompareResponse pca = c.getPairs(1);
    assertThat(pca.getBaseline().getVersionIdsList()).as("paired with the same transfer runs")
        .isEqualTo(c.getBaseline().getVersionIdsList());
    checkArm(pca.getCandidate(), "transfer + pca-generated", 42);
    assertThat(pca.getAccuracyDelta())
        .isCloseTo(pca.getCandidate().getAccuracy() - pca.getBaseline().getAccuracy(), within(1e-9));
    for (CompareResponse p : List.of(c, scratch, pca)) {
      assertThat(p.getSplitFingerprint()).isEqualTo(classifiers.get(0).splitFingerprint());
    }
    ArmSummary classical = c.getClassical();
    checkArm(classical, "classical: HOG + logistic regression", 42);
    assertThat(classical.getAccuracy()).as("HOG + LR on easy faces, chance 0.143").isGreaterThan(0.35);
    assertThat(c.getMarkdown()).contains("| scratch |", "| scratch + generated |", "| transfer |",
        "| transfer + generated |", "| transfer + pca-generated |", "| classical: HOG + logistic regression |");
    System.out.println(c.getMarkdown());
  }

  @Test
  void existingGeneratorAugmentsAClassifierJobAndAnExperimentWithoutTrainingOne() throws Exception {
    String gen = generators.trainAndRegister(null, datasets.load(tiny(1).getDataset()).images(), List.of(),
        io.emotioncluster.api.v1.GeneratorConfig.getDefaultInstance(), Map.of("purpose", "test"));

    // a classifier job adds exactly 10 generated images per class to its training split only
    JobInfo plain = jobs.submit(tinier().build());
    JobInfo aug = jobs.submit(tinier().setAugmentation(GeneratorAugmentation.newBuilder()
        .setGeneratorVersion(gen).setImagesPerClass(10)).build());
    JobEvent plainEnd = await(plain.getJobId(), new CopyOnWriteArrayList<>());
    List<JobEvent> augEvents = new CopyOnWriteArrayList<>();
    JobEvent augEnd = await(aug.getJobId(), augEvents);
    assertThat(augEnd.getState()).as(augEnd.getMessage()).isEqualTo(JobState.SUCCEEDED);
    assertThat(augEnd.getMessage()).contains("added 70 generated training images (10 per class)");
    VersionRecord pv = registry.require(plainEnd.getVersionId());
    VersionRecord av = registry.require(augEnd.getVersionId());
    assertThat(av.tags()).containsEntry("augmented_with", gen).containsEntry("generated_images", "70");
    assertThat(av.splitFingerprint()).as("same test split as without augmentation").isEqualTo(pv.splitFingerprint());
    assertThat(av.metrics().testImages()).isEqualTo(pv.metrics().testImages()).isEqualTo(14);
    assertThat(augEvents).extracting(JobEvent::getPhase).contains("generating");

    // an experiment naming the generator uses it and trains none
    int trainedBefore = generators.trained.get();
    JobInfo job = jobs.submit(experiment(gen, 3, List.of(2), 1));
    JobEvent last = await(job.getJobId(), new CopyOnWriteArrayList<>());
    assertThat(last.getState()).as(last.getMessage()).isEqualTo(JobState.SUCCEEDED);
    assertThat(generators.trained.get()).isEqualTo(trainedBefore);
    CompareResponse c = admin().compare(CompareRequest.newBuilder().setExperimentId(job.getJobId()).build());
    assertThat(c.getAugmentation()).startsWith("generator " + gen);
    assertThat(c.getLearningCurveCount()).isZero();
    assertThat(c.getMarkdown()).doesNotContain("Learning curve");
  }

  @Test
  void badRequestsAndUnknownExperimentsGetClearStatuses() throws Exception {
    assertKind(() -> jobs.submit(tiny(1).setAugmentation(GeneratorAugmentation.newBuilder().setImagesPerClass(5)
        .setRatioToReal(1)).build()), ServiceException.Kind.INVALID_INPUT, "not both");
    assertKind(() -> jobs.submit(tiny(1).setAugmentation(GeneratorAugmentation.newBuilder().setImagesPerClass(9000))
        .build()), ServiceException.Kind.INVALID_INPUT, "at most 5000");
    assertKind(() -> jobs.submit(tiny(1).setAugmentation(GeneratorAugmentation.newBuilder()
        .setGeneratorVersion("v999")).build()), ServiceException.Kind.NOT_FOUND, "v999");
    assertKind(() -> jobs.submit(experiment("v999", 5, List.of(), 1)), ServiceException.Kind.NOT_FOUND, "v999");
    assertKind(() -> jobs.submit(experiment("", 5, List.of(), 1).toBuilder()
        .setExperiment(ExperimentSpec.newBuilder().addSeeds(4)).build()), ServiceException.Kind.INVALID_INPUT,
        "between 2 and 20 seeds");
    assertKind(() -> jobs.submit(experiment("", 5, List.of(3, 3), 1)), ServiceException.Kind.INVALID_INPUT, "distinct");
    assertKind(() -> jobs.submit(experiment("", 5, List.of(), 1).toBuilder().setBase(
        io.emotioncluster.api.v1.BaseModel.newBuilder().setVersionId("v998")).build()), ServiceException.Kind.NOT_FOUND,
        "v998");
    TrainRequest.Builder variant = experiment("", 5, List.of(), 1).toBuilder();
    variant.getExperimentBuilder().addGeneratorVariants("vae");
    assertKind(() -> jobs.submit(variant.build()), ServiceException.Kind.INVALID_INPUT, "unknown variant \"vae\"");

    StatusRuntimeException unknown = catchGrpc(() -> admin().compare(CompareRequest.newBuilder()
        .setExperimentId("job-nothere").build()));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(unknown.getStatus().getDescription()).contains("experiment 'job-nothere' does not exist");
    assertThat(catchGrpc(() -> admin().compare(CompareRequest.newBuilder().setExperimentId("../../etc/passwd").build()))
        .getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);

    // a classifier job is not an experiment; a cancelled experiment has no comparison
    JobInfo classifier = jobs.submit(tinier().build());
    await(classifier.getJobId(), new CopyOnWriteArrayList<>());
    assertThat(catchGrpc(() -> admin().compare(CompareRequest.newBuilder().setExperimentId(classifier.getJobId()).build()))
        .getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    JobInfo cancelled = jobs.submit(experiment("", 5, List.of(), 50));
    jobs.cancel(cancelled.getJobId());
    assertThat(await(cancelled.getJobId(), new CopyOnWriteArrayList<>()).getState()).isEqualTo(JobState.CANCELLED);
    StatusRuntimeException gone = catchGrpc(() -> admin().compare(CompareRequest.newBuilder()
        .setExperimentId(cancelled.getJobId()).build()));
    assertThat(gone.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(gone.getStatus().getDescription()).contains("CANCELLED");
  }

  static void assertKind(Runnable r, ServiceException.Kind kind, String text) {
    assertThatThrownBy(r::run).isInstanceOf(ServiceException.class).hasMessageContaining(text)
        .extracting(e -> ((ServiceException) e).kind()).isEqualTo(kind);
  }

  static StatusRuntimeException catchGrpc(Runnable r) {
    try {
      r.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("call succeeded");
  }

  /** The job context of an experiment attempt after a restart (the job record's request and directory). */
  record ResumedRun(String jobId, TrainRequest request, Path directory) implements JobRun {
    @Override
    public void phase(String phase, String message) {
    }

    @Override
    public void progress(TrainingProgress progress) {
    }

    @Override
    public boolean cancelRequested() {
      return false;
    }

    @Override
    public boolean shuttingDown() {
      return false;
    }
  }
}
