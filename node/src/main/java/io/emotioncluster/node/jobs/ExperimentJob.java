package io.emotioncluster.node.jobs;

import ai.djl.engine.Engine;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.emotioncluster.api.v1.BaseModel;
import io.emotioncluster.api.v1.CompareResponse;
import io.emotioncluster.api.v1.ExperimentSpec;
import io.emotioncluster.api.v1.JobKind;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingProgress;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.augmentation.AugmentationPlan;
import io.emotioncluster.node.augmentation.Augmentor;
import io.emotioncluster.node.augmentation.GeneratedData;
import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.LoadedDataset;
import io.emotioncluster.node.evaluation.ExperimentComparison;
import io.emotioncluster.node.evaluation.ExperimentResults;
import io.emotioncluster.node.generator.GeneratorProvider;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.VersionRecord;
import io.emotioncluster.node.training.ClassifierTrainer;
import io.emotioncluster.node.training.EvaluationMetrics;
import io.emotioncluster.node.training.Evaluator;
import io.emotioncluster.node.training.TensorSet;
import io.emotioncluster.node.training.TrainingCancelledException;
import io.emotioncluster.node.training.TrainingListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The paper's experiment as one job: on one dataset and one fixed split, (train a generator on
 * the training split, or use a given one,) then for each real-images budget and each seed train a
 * baseline classifier on the real training images and an augmented one on the same images plus
 * generated ones, with identical hyperparameters and seed; both are scored on the identical test
 * split and registered with tags {@code experiment, arm, seed, real_per_class}. The comparison is
 * stored with the registry data and answers Compare by experiment id.
 *
 * <p>Restart: every finished run is a registered version, found again by its tags, so a job
 * resumed after a node restart continues with the first run that is not registered (an
 * interrupted run starts over: runs are short and are not checkpointed per epoch).
 */
public final class ExperimentJob implements JobRunner {

  static final List<Long> DEFAULT_SEEDS = List.of(1L, 2L, 3L, 4L, 5L);
  static final int MAX_SEEDS = 20;
  static final int MAX_BUDGETS = 8;
  static final int MAX_BUDGET = 100_000;
  static final String FIELD = "experiment.augmented";

  private final ModelRegistry registry;
  private final EngineConfig engine;
  private final DatasetFactory datasets;
  private final GeneratorProvider generators;
  private final Augmentor augmentor;
  private final ExperimentResults results;

  public ExperimentJob(ModelRegistry registry, EngineConfig engine, DatasetFactory datasets,
      GeneratorProvider generators, ExperimentResults results) {
    this.registry = registry;
    this.engine = engine;
    this.datasets = datasets;
    this.generators = generators;
    this.augmentor = new Augmentor(generators, registry, engine);
    this.results = results;
  }

  /** Seeds and budgets checked and completed with defaults. */
  record Spec(List<Long> seeds, List<Integer> budgets, AugmentationPlan augmented) {

    static Spec of(TrainRequest r) {
      ExperimentSpec e = r.getExperiment();
      List<Long> seeds = e.getSeedsCount() == 0 ? DEFAULT_SEEDS : List.copyOf(e.getSeedsList());
      if (seeds.size() < 2 || seeds.size() > MAX_SEEDS) {
        throw ServiceException.invalid("experiment.seeds: give between 2 and " + MAX_SEEDS + " seeds (an interval over "
            + "seeds needs at least two), got " + seeds.size() + "; empty = 5 seeds");
      }
      if (new HashSet<>(seeds).size() != seeds.size()) {
        throw ServiceException.invalid("experiment.seeds must be distinct, got " + seeds);
      }
      List<Integer> budgets = e.getRealPerClassBudgetsCount() == 0 ? List.of(0)
          : e.getRealPerClassBudgetsList().stream().map(Integer::valueOf).toList();
      if (budgets.size() > MAX_BUDGETS) {
        throw ServiceException.invalid("experiment.real_per_class_budgets: at most " + MAX_BUDGETS + " budgets, got "
            + budgets.size());
      }
      if (new HashSet<>(budgets).size() != budgets.size()) {
        throw ServiceException.invalid("experiment.real_per_class_budgets must be distinct, got " + budgets);
      }
      for (int b : budgets) {
        if (b < 0 || b > MAX_BUDGET) {
          throw ServiceException.invalid("experiment.real_per_class_budgets: each must be in [0, " + MAX_BUDGET
              + "] (0 = all real images), got " + Integer.toUnsignedString(b));
        }
      }
      return new Spec(seeds, budgets, AugmentationPlan.of(e.getAugmented(), FIELD));
    }
  }

  @Override
  public void validate(TrainRequest request) {
    if (request.hasAugmentation()) {
      throw ServiceException.invalid("an experiment takes its augmentation in experiment.augmented; leave the "
          + "top-level augmentation unset");
    }
    if (request.getBase().getSourceCase() != BaseModel.SourceCase.SOURCE_NOT_SET) {
      throw ServiceException.invalid("experiments train both arms from scratch on this node version; leave base unset");
    }
    if (request.getPromoteWhenDone()) {
      throw ServiceException.invalid("an experiment registers many versions and promotes none; leave "
          + "promote_when_done unset and promote the version you want afterwards");
    }
    TrainingPlan.of(request);
    datasets.validate(request.getDataset());
    Spec spec = Spec.of(request);
    augmentor.validate(spec.augmented(), FIELD, false);
  }

  @Override
  public Outcome run(JobRun run) throws Exception {
    TrainRequest request = run.request();
    Optional<CompareResponse> done = results.load(run.jobId());
    if (done.isPresent()) { // finished before the node restarted, before the job record said so
      return outcome(done.get(), "comparison stored before the node restarted");
    }
    TrainingPlan plan = TrainingPlan.of(request);
    Spec spec = Spec.of(request);
    run.phase("loading-data", "loading " + request.getDataset().getSourceCase().name().toLowerCase());
    LoadedDataset data = datasets.load(request.getDataset());
    DatasetSplit split = DatasetFactory.split(data, plan);
    if (split.train().isEmpty() || split.test().isEmpty()) {
      throw ServiceException.precondition("the dataset is too small to split: " + split.train().size()
          + " training and " + split.test().size() + " test images (" + data.report().summary() + ")");
    }
    run.phase("preprocessing", data.report().summary() + "; one fixed split for every run: " + split.train().size()
        + " train / " + split.validation().size() + " validation / " + split.test().size() + " test");
    Architecture arch = plan.architecture();
    TensorSet val = TensorSet.of(split.validation(), arch.input());
    TensorSet test = TensorSet.of(split.test(), arch.input());
    Progress progress = new Progress(spec.budgets().size() * spec.seeds().size() * 2);
    progress.done = countRegistered(run.jobId());

    List<CompareResponse> perBudget = new ArrayList<>();
    for (int budget : spec.budgets()) {
      List<LabeledImage> real = budget == 0 ? split.train() : limitPerClass(split.train(), budget, plan.splitSeed());
      String generator = generatorFor(run, spec, budget, real, split.test(), request);
      Context ctx = new Context(run, request, plan, data, split, arch, val, test, budget, progress);
      TensorSet realSet = TensorSet.of(real, arch.input());
      List<ExperimentComparison.Run> baseline = new ArrayList<>();
      List<ExperimentComparison.Run> augmented = new ArrayList<>();
      for (int s = 0; s < spec.seeds().size(); s++) {
        long seed = spec.seeds().get(s);
        String where = "budget " + (budget == 0 ? "all" : budget + "/class") + ", seed " + (s + 1) + "/"
            + spec.seeds().size();
        baseline.add(arm(ctx, "baseline", seed, where, () -> new Arm(realSet, "", Map.of())));
        augmented.add(arm(ctx, "augmented", seed, where, () -> {
          GeneratedData.Result generated = augmentor.generate(spec.augmented(), generator, real, seed,
              run::cancelRequested);
          List<LabeledImage> all = new ArrayList<>(real);
          all.addAll(generated.images());
          return new Arm(TensorSet.of(all, arch.input()), generated.summary(spec.augmented()),
              Map.of("augmented_with", generator, "generated_images", Integer.toString(generated.images().size())));
        }));
      }
      int[] realCounts = new int[Emotion.COUNT];
      real.forEach(i -> realCounts[i.emotion().index()]++);
      perBudget.add(ExperimentComparison.of(run.jobId(), budget, split.testFingerprint(), test.labels(), baseline,
          augmented, "generator " + generator + ", " + spec.augmented().describe(), realCounts));
    }
    run.phase("comparing", "computing the comparison over " + spec.seeds().size() + " seeds");
    CompareResponse comparison = ExperimentComparison.combine(perBudget);
    results.save(comparison);
    return outcome(comparison, "");
  }

  private Outcome outcome(CompareResponse c, String note) {
    String msg = String.format(Locale.ROOT, "baseline accuracy %.4f [%.4f, %.4f], augmented %.4f [%.4f, %.4f], "
            + "paired difference %+.4f [%+.4f, %+.4f] (%s p = %.4f; McNemar p = %.4f) over %d seeds; "
            + "Compare with experiment_id %s", c.getBaseline().getAccuracy(), c.getBaseline().getAccuracyCiLow(),
        c.getBaseline().getAccuracyCiHigh(), c.getCandidate().getAccuracy(), c.getCandidate().getAccuracyCiLow(),
        c.getCandidate().getAccuracyCiHigh(), c.getAccuracyDelta(), c.getAccuracyDeltaCiLow(),
        c.getAccuracyDeltaCiHigh(), "paired t-test", c.getPValue(), c.getMcnemarPValue(),
        c.getBaseline().getSeedsCount(), c.getExperimentId());
    return new Outcome("", c.getCandidate().getMetrics(), note.isEmpty() ? msg : msg + " (" + note + ")");
  }

  /** What one run needs that is shared by all its runs. */
  private record Context(JobRun run, TrainRequest request, TrainingPlan plan, LoadedDataset data, DatasetSplit split,
      Architecture arch, TensorSet val, TensorSet test, int budget, Progress progress) {}

  /** The training set of one arm and what to record about it. */
  private record Arm(TensorSet train, String note, Map<String, String> tags) {}

  private interface ArmData {
    Arm make();
  }

  /** Runs finished out of all runs, for progress and ETA across the whole experiment. */
  private static final class Progress {
    final int total;
    int done;
    final long started = System.nanoTime();
    int doneAtStart = -1;

    Progress(int total) {
      this.total = total;
    }

    long eta(long currentRunEta) {
      int ranHere = done - Math.max(doneAtStart, 0);
      if (ranHere <= 0) {
        return currentRunEta;
      }
      double perRun = (System.nanoTime() - started) / 1e9 / ranHere;
      return Math.round(perRun * (total - done));
    }
  }

  /** One classifier: reused when a previous attempt of this job registered it, else trained now. */
  private ExperimentComparison.Run arm(Context c, String arm, long seed, String where, ArmData data) throws IOException {
    JobRun run = c.run();
    if (c.progress().doneAtStart < 0) {
      c.progress().doneAtStart = c.progress().done;
    }
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("experiment", run.jobId());
    tags.put("arm", arm);
    tags.put("seed", Long.toString(seed));
    tags.put("real_per_class", c.budget() == 0 ? "all" : Integer.toString(c.budget()));
    Optional<VersionRecord> existing = find(run.jobId(), tags);
    if (existing.isPresent()) {
      try (Classifier classifier = registry.loadClassifier(existing.get().id(), engine)) {
        return new ExperimentComparison.Run(seed, existing.get().id(), Evaluator.predict(classifier, c.test()));
      }
    }
    if (run.cancelRequested()) {
      throw new TrainingCancelledException();
    }
    String label = where + ", " + arm + " arm (run " + (c.progress().done + 1) + "/" + c.progress().total + ")";
    run.phase(arm.equals("augmented") ? "generating" : "training", label);
    Arm a = data.make();
    if (!a.note().isEmpty()) {
      run.phase("training", label + ": " + a.note());
    }
    Engine.getEngine(engine.engine()).setRandomSeed((int) seed);
    try (Classifier classifier = Classifier.create(c.arch(), engine)) {
      new ClassifierTrainer(c.plan().options().withSeed(seed)).train(classifier, a.train(), c.val(),
          listener(run, c.progress()));
      int[] predicted = Evaluator.predict(classifier, c.test());
      if (run.cancelRequested()) {
        throw new TrainingCancelledException();
      }
      EvaluationMetrics metrics = EvaluationMetrics.of(c.test().labels(), predicted);
      tags.putAll(a.tags());
      VersionRecord v = registry.register(classifier, new VersionRecord.Draft(ModelKind.CLASSIFIER,
          "experiment " + run.jobId() + " " + arm + " seed " + seed + (c.budget() == 0 ? "" : " " + c.budget() + "/class"),
          c.data().fingerprint(), c.split().testFingerprint(), json(runRequest(c.request(), seed, arm, a)), metrics,
          null, "trained", null, run.jobId(), tags, null, null));
      c.progress().done++;
      run.phase("training", String.format(Locale.ROOT, "%s: registered %s, test accuracy %.3f", label, v.id(),
          metrics.accuracy()));
      return new ExperimentComparison.Run(seed, v.id(), predicted);
    }
  }

  /**
   * The classifier request one run amounts to (same data, split and hyperparameters, this seed),
   * recorded with its version so that a two-version Compare can rebuild the test split.
   */
  private static TrainRequest runRequest(TrainRequest experiment, long seed, String arm, Arm a) {
    TrainRequest.Builder r = experiment.toBuilder().setKind(JobKind.CLASSIFIER_TRAINING).clearExperiment()
        .clearGenerator();
    r.getConfigBuilder().setSeed(seed);
    if (arm.equals("augmented")) {
      r.setAugmentation(experiment.getExperiment().getAugmented().toBuilder()
          .setGeneratorVersion(a.tags().getOrDefault("augmented_with", "")));
    }
    return r.build();
  }

  private Optional<VersionRecord> find(String jobId, Map<String, String> tags) {
    return registry.list(ModelKind.CLASSIFIER, null).stream()
        .filter(v -> jobId.equals(v.jobId()))
        .filter(v -> tags.entrySet().stream().allMatch(t -> t.getValue().equals(v.tags().get(t.getKey()))))
        .findFirst();
  }

  private int countRegistered(String jobId) {
    return (int) registry.list(ModelKind.CLASSIFIER, null).stream()
        .filter(v -> jobId.equals(v.jobId()) && jobId.equals(v.tags().get("experiment"))).count();
  }

  /**
   * The generator of a budget: the one the request names, else one trained now on this budget's
   * real training images only (so the augmented arm never sees more real data than the baseline),
   * or the one a previous attempt of this job registered.
   */
  private String generatorFor(JobRun run, Spec spec, int budget, List<LabeledImage> real, List<LabeledImage> test,
      TrainRequest request) throws Exception {
    if (!spec.augmented().generatorVersion().isEmpty()) {
      return augmentor.resolve(spec.augmented().generatorVersion());
    }
    String budgetTag = budget == 0 ? "all" : Integer.toString(budget);
    Optional<VersionRecord> trained = registry.list(ModelKind.GENERATOR, null).stream()
        .filter(v -> run.jobId().equals(v.tags().get("experiment")) && budgetTag.equals(v.tags().get("real_per_class")))
        .findFirst();
    if (trained.isPresent()) {
      return trained.get().id();
    }
    if (run.cancelRequested()) {
      throw new TrainingCancelledException();
    }
    run.phase("generator", "training a generator on the " + real.size() + " real training images"
        + (budget == 0 ? "" : " of budget " + budget + "/class") + " (test images only measure its quality)");
    return generators.trainAndRegister(run, real, test, request.getGenerator(),
        Map.of("experiment", run.jobId(), "arm", "generator", "real_per_class", budgetTag));
  }

  /**
   * At most {@code perClass} images of each class, the same ones for every seed and arm: each
   * class's images in id order, shuffled with the split seed, first {@code perClass} kept.
   */
  static List<LabeledImage> limitPerClass(List<LabeledImage> train, int perClass, long splitSeed) {
    Map<Emotion, List<LabeledImage>> byClass = new LinkedHashMap<>();
    for (Emotion e : Emotion.all()) {
      byClass.put(e, new ArrayList<>());
    }
    train.forEach(i -> byClass.get(i.emotion()).add(i));
    List<LabeledImage> out = new ArrayList<>();
    for (Map.Entry<Emotion, List<LabeledImage>> e : byClass.entrySet()) {
      List<LabeledImage> items = e.getValue();
      items.sort(Comparator.comparing(LabeledImage::id));
      java.util.Collections.shuffle(items, new Random(splitSeed * 31 + e.getKey().index()));
      out.addAll(items.subList(0, Math.min(perClass, items.size())));
    }
    return List.copyOf(out);
  }

  private static TrainingListener listener(JobRun run, Progress p) {
    return new TrainingListener() {
      @Override
      public void onEpoch(EpochReport r) {
        // step / total_steps count the experiment's classifier runs; epoch is the current run's
        run.progress(TrainingProgress.newBuilder()
            .setEpoch(r.epoch())
            .setTotalEpochs(r.totalEpochs())
            .setStep(p.done)
            .setTotalSteps(p.total)
            .setLoss((float) r.loss())
            .setTrainAccuracy((float) r.trainAccuracy())
            .setValidationAccuracy(Double.isNaN(r.validationAccuracy()) ? 0f : (float) r.validationAccuracy())
            .setImagesPerSecond((float) r.imagesPerSecond())
            .setEtaS(p.eta(r.etaSeconds()))
            .build());
      }

      @Override
      public void afterEpoch(int epoch, Classifier classifier, boolean improved) {
      }

      @Override
      public boolean cancelRequested() {
        return run.cancelRequested();
      }
    };
  }

  private static String json(TrainRequest r) {
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(r);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
