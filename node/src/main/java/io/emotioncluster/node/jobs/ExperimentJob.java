package io.emotioncluster.node.jobs;

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
import io.emotioncluster.node.augmentation.PcaGenerator;
import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.DatasetsRoot;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.LoadedDataset;
import io.emotioncluster.node.evaluation.ClassicalBaseline;
import io.emotioncluster.node.evaluation.ExperimentComparison;
import io.emotioncluster.node.evaluation.ExperimentMarkdown;
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
import io.emotioncluster.node.training.TrainingOptions;
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
 * <p>With {@code TrainRequest.base} both arms start from the base's feature blocks (the paper's
 * transfer learning: the "transfer" pair) and, unless {@code experiment.scratch_arms} is false, the
 * same pair also runs from scratch; generator variants ("pca") add arms paired with the main
 * pair's real-only runs; a classical baseline (HOG + logistic regression) is fitted on the same
 * real images. Every row is scored on the same test split.
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
  private final BaseModels bases;

  /** @param backbones where {@code base.backbone_path} files are (the node's backbones directory) */
  public ExperimentJob(ModelRegistry registry, EngineConfig engine, DatasetFactory datasets, DatasetsRoot backbones,
      GeneratorProvider generators, ExperimentResults results) {
    this.bases = new BaseModels(registry, engine, backbones);
    this.registry = registry;
    this.engine = engine;
    this.datasets = datasets;
    this.generators = generators;
    this.augmentor = new Augmentor(generators, registry, engine);
    this.results = results;
  }

  /** Seeds and budgets checked and completed with defaults. */
  record Spec(List<Long> seeds, List<Integer> budgets, AugmentationPlan augmented, boolean scratchArms,
      boolean classical, List<String> variants) {

    static final List<String> VARIANTS = List.of("pca");

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
      List<String> variants = e.getGeneratorVariantsList().stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).toList();
      for (String v : variants) {
        if (!VARIANTS.contains(v)) {
          throw ServiceException.invalid("experiment.generator_variants: unknown variant \"" + v + "\"; known: "
              + VARIANTS);
        }
      }
      if (new HashSet<>(variants).size() != variants.size()) {
        throw ServiceException.invalid("experiment.generator_variants must be distinct, got " + variants);
      }
      boolean scratch = BaseModels.isSet(r.getBase()) && (!e.hasScratchArms() || e.getScratchArms());
      boolean classical = !e.hasClassicalBaseline() || e.getClassicalBaseline();
      return new Spec(seeds, budgets, AugmentationPlan.of(e.getAugmented(), FIELD), scratch, classical, variants);
    }
  }

  @Override
  public void validate(TrainRequest request) {
    if (request.hasAugmentation()) {
      throw ServiceException.invalid("an experiment takes its augmentation in experiment.augmented; leave the "
          + "top-level augmentation unset");
    }
    if (request.getPromoteWhenDone()) {
      throw ServiceException.invalid("an experiment registers many versions and promotes none; leave "
          + "promote_when_done unset and promote the version you want afterwards");
    }
    TrainingPlan plan = TrainingPlan.of(request);
    bases.validate(request.getBase(), plan);
    datasets.validate(request.getDataset());
    Spec spec = Spec.of(request);
    augmentor.validate(spec.augmented(), FIELD, false);
  }

  /** Arm tags (the registry's "arm" tag) of the rows. */
  static final String BASELINE = "baseline";
  static final String AUGMENTED = "augmented";
  static final String SCRATCH = "scratch";
  static final String SCRATCH_AUGMENTED = "scratch-augmented";

  static String variantArm(String variant) {
    return "augmented-" + variant;
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
    BaseModel base = request.getBase();
    boolean transfer = BaseModels.isSet(base);
    run.phase("preprocessing", data.report().summary() + "; one fixed split for every run: " + split.train().size()
        + " train / " + split.validation().size() + " validation / " + split.test().size() + " test"
        + (transfer ? "; both arms start from the base (" + BaseModels.describe(base) + ")" : ""));
    Architecture arch = bases.architecture(plan, base);
    TensorSet val = TensorSet.of(split.validation(), arch.input());
    TensorSet test = TensorSet.of(split.test(), arch.input());

    Map<Integer, List<LabeledImage>> realByBudget = new LinkedHashMap<>();
    for (int budget : spec.budgets()) {
      realByBudget.put(budget, budget == 0 ? split.train() : limitPerClass(split.train(), budget, plan.splitSeed()));
    }
    ExperimentProgress progress = new ExperimentProgress(work(spec, realByBudget, plan.options().epochs()));

    List<CompareResponse> perBudget = new ArrayList<>();
    for (int budget : spec.budgets()) {
      List<LabeledImage> real = realByBudget.get(budget);
      String generator = generatorFor(run, spec, budget, real, split.test(), request);
      PcaGenerator pca = spec.variants().contains("pca")
          ? PcaGenerator.fit(real, arch.input().width(), arch.input().channels(), PcaGenerator.DEFAULT_COMPONENTS,
              plan.splitSeed())
          : null;
      Context ctx = new Context(run, request, plan, data, split, arch, val, test, budget, progress);
      TensorSet realSet = TensorSet.of(real, arch.input());
      Map<String, List<ExperimentComparison.Run>> runs = new LinkedHashMap<>();
      for (int s = 0; s < spec.seeds().size(); s++) {
        long seed = spec.seeds().get(s);
        String where = "budget " + (budget == 0 ? "all" : budget + "/class") + ", seed " + (s + 1) + "/"
            + spec.seeds().size();
        GeneratedSet generated = new GeneratedSet(() -> augmentor.generate(spec.augmented(), generator, real, seed,
            run::cancelRequested));
        ArmData realArm = () -> new Arm(realSet, "", Map.of());
        ArmData generatedArm = () -> {
          GeneratedData.Result g = generated.get();
          return new Arm(join(real, g, arch), g.summary(spec.augmented()),
              Map.of("augmented_with", generator, "generated_images", Integer.toString(g.images().size())));
        };
        for (String arm : arms(spec)) {
          boolean fromBase = transfer && !arm.equals(SCRATCH) && !arm.equals(SCRATCH_AUGMENTED);
          ArmData armData = switch (arm) {
            case BASELINE, SCRATCH -> realArm;
            case AUGMENTED, SCRATCH_AUGMENTED -> generatedArm;
            default -> () -> { // a generator variant: only "pca" so far
              GeneratedData.Result g = augmentor.generate(spec.augmented(), pca, real, seed, run::cancelRequested);
              return new Arm(join(real, g, arch), g.summary(spec.augmented()) + " from the per-class PCA generator",
                  Map.of("augmented_with", "pca", "generated_images", Integer.toString(g.images().size())));
            };
          };
          runs.computeIfAbsent(arm, a -> new ArrayList<>())
              .add(arm(ctx, arm, fromBase ? base : BaseModel.getDefaultInstance(), seed, where, armData));
        }
      }
      int[] realCounts = new int[Emotion.COUNT];
      real.forEach(i -> realCounts[i.emotion().index()]++);
      perBudget.add(compare(run.jobId(), spec, budget, split, test, runs, generator, realCounts, transfer,
          spec.classical() ? classical(real, split.test(), spec.seeds()) : List.of()));
    }
    run.phase("comparing", "computing the comparison over " + spec.seeds().size() + " seeds");
    CompareResponse comparison = ExperimentComparison.combine(perBudget);
    results.save(comparison);
    return outcome(comparison, "");
  }

  /** The arms of one seed, in the order they run. */
  static List<String> arms(Spec spec) {
    List<String> arms = new ArrayList<>(List.of(BASELINE, AUGMENTED));
    if (spec.scratchArms()) {
      arms.addAll(List.of(SCRATCH, SCRATCH_AUGMENTED));
    }
    spec.variants().forEach(v -> arms.add(variantArm(v)));
    return arms;
  }

  /** Training images x epochs of every run, in run order, for the experiment's remaining time. */
  private static List<Double> work(Spec spec, Map<Integer, List<LabeledImage>> realByBudget, int epochs) {
    List<Double> work = new ArrayList<>();
    for (List<LabeledImage> real : realByBudget.values()) {
      int generated = 0;
      for (int count : GeneratedData.countByClass(real).values()) {
        generated += spec.augmented().target(count);
      }
      for (int s = 0; s < spec.seeds().size(); s++) {
        for (String arm : arms(spec)) {
          boolean realOnly = arm.equals(BASELINE) || arm.equals(SCRATCH);
          work.add((double) (real.size() + (realOnly ? 0 : generated)) * epochs);
        }
      }
    }
    return work;
  }

  /** The comparison of one budget: the main pair, with the scratch pair, variant pairs and the classical row. */
  private static CompareResponse compare(String jobId, Spec spec, int budget, DatasetSplit split, TensorSet test,
      Map<String, List<ExperimentComparison.Run>> runs, String generator, int[] realCounts, boolean transfer,
      List<ExperimentComparison.Run> classical) {
    String main = transfer ? "transfer" : "scratch";
    String augmentation = "generator " + generator + ", " + spec.augmented().describe();
    CompareResponse.Builder out = ExperimentComparison.pair(jobId, budget, split.testFingerprint(), test.labels(),
        runs.get(BASELINE), runs.get(AUGMENTED), augmentation, realCounts, main, main, main + " + generated")
        .toBuilder();
    if (spec.scratchArms()) {
      out.addPairs(ExperimentComparison.pair(jobId, budget, split.testFingerprint(), test.labels(), runs.get(SCRATCH),
          runs.get(SCRATCH_AUGMENTED), augmentation, realCounts, "scratch", "scratch", "scratch + generated"));
    }
    for (String v : spec.variants()) {
      out.addPairs(ExperimentComparison.pair(jobId, budget, split.testFingerprint(), test.labels(), runs.get(BASELINE),
          runs.get(variantArm(v)), v + " generator, " + spec.augmented().describe(), realCounts,
          main + ", " + v + " generator", main, main + " + " + v + "-generated"));
    }
    if (!classical.isEmpty()) {
      out.setClassical(ExperimentComparison.summary("classical: " + ClassicalBaseline.NAME, test.labels(), classical));
    }
    out.setMarkdown(ExperimentMarkdown.budget(out.build()));
    return out.build();
  }

  /** The classical baseline's test predictions, one fit per seed (HOG features computed once). */
  private static List<ExperimentComparison.Run> classical(List<LabeledImage> real, List<LabeledImage> test,
      List<Long> seeds) {
    ClassicalBaseline baseline = new ClassicalBaseline(real, test);
    return seeds.stream().map(seed -> new ExperimentComparison.Run(seed, "", baseline.predict(seed))).toList();
  }

  private static TensorSet join(List<LabeledImage> real, GeneratedData.Result generated, Architecture arch) {
    List<LabeledImage> all = new ArrayList<>(real);
    all.addAll(generated.images());
    return TensorSet.of(all, arch.input());
  }

  /** One seed's generated images, made once and shared by the arms that use them. */
  private static final class GeneratedSet {
    private final java.util.function.Supplier<GeneratedData.Result> make;
    private GeneratedData.Result result;

    GeneratedSet(java.util.function.Supplier<GeneratedData.Result> make) {
      this.make = make;
    }

    GeneratedData.Result get() {
      if (result == null) {
        result = make.get();
      }
      return result;
    }
  }

  private Outcome outcome(CompareResponse c, String note) {
    String msg = String.format(Locale.ROOT, "%s accuracy %.4f [%.4f, %.4f], %s %.4f [%.4f, %.4f], "
            + "paired difference %+.4f [%+.4f, %+.4f] (%s p = %.4f; McNemar p = %.4f) over %d seeds%s; "
            + "Compare with experiment_id %s", c.getBaseline().getLabel(), c.getBaseline().getAccuracy(),
        c.getBaseline().getAccuracyCiLow(), c.getBaseline().getAccuracyCiHigh(), c.getCandidate().getLabel(),
        c.getCandidate().getAccuracy(), c.getCandidate().getAccuracyCiLow(),
        c.getCandidate().getAccuracyCiHigh(), c.getAccuracyDelta(), c.getAccuracyDeltaCiLow(),
        c.getAccuracyDeltaCiHigh(), "paired t-test", c.getPValue(), c.getMcnemarPValue(),
        c.getBaseline().getSeedsCount(), otherRows(c), c.getExperimentId());
    return new Outcome("", c.getCandidate().getMetrics(), note.isEmpty() ? msg : msg + " (" + note + ")");
  }

  private static String otherRows(CompareResponse c) {
    StringBuilder s = new StringBuilder();
    for (CompareResponse p : c.getPairsList()) {
      s.append(String.format(Locale.ROOT, "; %s %.4f vs %s %.4f (%+.4f, McNemar p = %.4f)", p.getCandidate().getLabel(),
          p.getCandidate().getAccuracy(), p.getBaseline().getLabel(), p.getBaseline().getAccuracy(),
          p.getAccuracyDelta(), p.getMcnemarPValue()));
    }
    if (c.hasClassical()) {
      s.append(String.format(Locale.ROOT, "; %s %.4f", c.getClassical().getLabel(), c.getClassical().getAccuracy()));
    }
    return s.toString();
  }

  /** What one run needs that is shared by all its runs. */
  private record Context(JobRun run, TrainRequest request, TrainingPlan plan, LoadedDataset data, DatasetSplit split,
      Architecture arch, TensorSet val, TensorSet test, int budget, ExperimentProgress progress) {}

  /** The training set of one arm and what to record about it. */
  private record Arm(TensorSet train, String note, Map<String, String> tags) {}

  private interface ArmData {
    Arm make();
  }

  /** One classifier: reused when a previous attempt of this job registered it, else trained now. */
  private ExperimentComparison.Run arm(Context c, String arm, BaseModel base, long seed, String where, ArmData data)
      throws IOException {
    JobRun run = c.run();
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("experiment", run.jobId());
    tags.put("arm", arm);
    tags.put("seed", Long.toString(seed));
    tags.put("real_per_class", c.budget() == 0 ? "all" : Integer.toString(c.budget()));
    Optional<VersionRecord> existing = find(run.jobId(), tags);
    if (existing.isPresent()) {
      c.progress().skipped();
      try (Classifier classifier = registry.loadClassifier(existing.get().id(), engine)) {
        return new ExperimentComparison.Run(seed, existing.get().id(), Evaluator.predict(classifier, c.test()));
      }
    }
    if (run.cancelRequested()) {
      throw new TrainingCancelledException();
    }
    c.progress().runStarted();
    String label = where + ", " + arm + " arm (run " + (c.progress().done() + 1) + "/" + c.progress().total() + ")";
    run.phase(arm.equals(BASELINE) || arm.equals(SCRATCH) ? "training" : "generating", label);
    Arm a = data.make();
    if (!a.note().isEmpty()) {
      run.phase("training", label + ": " + a.note());
    }
    TrainingOptions options = c.plan().options().withSeed(seed);
    if (!BaseModels.isSet(base)) { // nothing to freeze or to slow down in a network trained from scratch
      options = options.withTransfer(0, options.unfreezeLrFactor());
    }
    try (Classifier classifier = bases.initial(c.arch(), base, seed)) {
      new ClassifierTrainer(options).train(classifier, a.train(), c.val(), listener(run, c.progress()));
      int[] predicted = Evaluator.predict(classifier, c.test());
      if (run.cancelRequested()) {
        throw new TrainingCancelledException();
      }
      EvaluationMetrics metrics = EvaluationMetrics.of(c.test().labels(), predicted);
      tags.putAll(a.tags());
      String parent = base.getSourceCase() == BaseModel.SourceCase.VERSION_ID ? base.getVersionId() : null;
      VersionRecord v = registry.register(classifier, new VersionRecord.Draft(ModelKind.CLASSIFIER,
          "experiment " + run.jobId() + " " + arm + " seed " + seed + (c.budget() == 0 ? "" : " " + c.budget() + "/class"),
          c.data().fingerprint(), c.split().testFingerprint(), json(runRequest(c.request(), seed, arm, a, base)),
          metrics, parent, "trained", null, run.jobId(), tags, null, null));
      c.progress().runFinished();
      run.phase("training", String.format(Locale.ROOT, "%s: registered %s, test accuracy %.3f", label, v.id(),
          metrics.accuracy()));
      return new ExperimentComparison.Run(seed, v.id(), predicted);
    }
  }

  /**
   * The classifier request one run amounts to (same data, split and hyperparameters, this seed),
   * recorded with its version so that a two-version Compare can rebuild the test split.
   */
  private static TrainRequest runRequest(TrainRequest experiment, long seed, String arm, Arm a, BaseModel base) {
    TrainRequest.Builder r = experiment.toBuilder().setKind(JobKind.CLASSIFIER_TRAINING).clearExperiment()
        .clearGenerator().setBase(base);
    r.getConfigBuilder().setSeed(seed);
    if (!BaseModels.isSet(base)) {
      r.getConfigBuilder().clearFreezeEpochs();
    }
    if (a.tags().containsKey("augmented_with") && !"pca".equals(a.tags().get("augmented_with"))) {
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

  private static TrainingListener listener(JobRun run, ExperimentProgress p) {
    return new TrainingListener() {
      @Override
      public void onEpoch(EpochReport r) {
        // step / total_steps count the experiment's classifier runs; epoch is the current run's;
        // eta_s is the whole experiment's remaining time
        run.progress(TrainingProgress.newBuilder()
            .setEpoch(r.epoch())
            .setTotalEpochs(r.totalEpochs())
            .setStep(p.done())
            .setTotalSteps(p.total())
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
