package io.emotioncluster.node.jobs;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.emotioncluster.api.v1.BaseModel;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingProgress;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.DatasetsRoot;
import io.emotioncluster.node.data.LoadedDataset;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.VersionRecord;
import io.emotioncluster.node.training.ClassifierTrainer;
import io.emotioncluster.node.training.EvaluationMetrics;
import io.emotioncluster.node.training.Evaluator;
import io.emotioncluster.node.training.TensorSet;
import io.emotioncluster.node.training.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.emotioncluster.node.augmentation.AugmentationPlan;
import io.emotioncluster.node.augmentation.Augmentor;
import io.emotioncluster.node.augmentation.GeneratedData;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.generator.GeneratorProvider;

/**
 * A classifier training job: load and split the dataset, build the network (from scratch, from a
 * registered version, or from a backbone file), train with a checkpoint after every epoch,
 * evaluate on the held-out test split, register the version. A job restarted after a crash
 * continues after its last checkpoint, and never registers its result twice.
 */
public final class ClassifierJob implements JobRunner {

  private final ModelRegistry registry;
  private final EngineConfig engine;
  private final DatasetFactory datasets;
  private final BaseModels bases;
  private final Augmentor augmentor;

  public ClassifierJob(ModelRegistry registry, EngineConfig engine, DatasetFactory datasets, DatasetsRoot backbones,
      GeneratorProvider generators) {
    this.registry = registry;
    this.engine = engine;
    this.datasets = datasets;
    this.bases = new BaseModels(registry, engine, backbones);
    this.augmentor = new Augmentor(generators, registry, engine);
  }

  @Override
  public void validate(TrainRequest request) {
    TrainingPlan plan = TrainingPlan.of(request);
    datasets.validate(request.getDataset());
    bases.validate(request.getBase(), plan);
    if (request.hasAugmentation()) {
      augmentor.validate(AugmentationPlan.of(request.getAugmentation(), "augmentation"), "augmentation", true);
    }
  }

  @Override
  public Outcome run(JobRun run) throws Exception {
    TrainRequest request = run.request();
    Optional<VersionRecord> already = registry.list(ModelKind.CLASSIFIER, null).stream()
        .filter(v -> run.jobId().equals(v.jobId())).findFirst();
    if (already.isPresent()) { // crashed after registering, before recording success
      VersionRecord v = already.get();
      if (request.getPromoteWhenDone() && registry.production(ModelKind.CLASSIFIER).filter(v.id()::equals).isEmpty()) {
        registry.promote(v.id());
      }
      new Checkpoint(run.directory()).deleteAll();
      return new Outcome(v.id(), io.emotioncluster.node.grpc.ProtoMetrics.of(v.metrics()),
          "version " + v.id() + " was registered before the node restarted");
    }
    TrainingPlan plan = TrainingPlan.of(request);

    run.phase("loading-data", "loading " + request.getDataset().getSourceCase().name().toLowerCase());
    LoadedDataset data = datasets.load(request.getDataset());
    DatasetSplit split = DatasetFactory.split(data, plan);
    if (split.train().isEmpty() || split.test().isEmpty()) {
      throw ServiceException.precondition("the dataset is too small to split: " + split.train().size()
          + " training and " + split.test().size() + " test images after loading (" + data.report().summary() + ")");
    }
    run.phase("preprocessing", data.report().summary() + "; split " + split.train().size() + " train / "
        + split.validation().size() + " validation / " + split.test().size() + " test"
        + (!data.predefinedSplit().isEmpty() ? " (the dataset's own split)"
            : split.subjectIndependent() ? " (subject-independent)" : " (stratified)"));

    Checkpoint checkpoint = new Checkpoint(run.directory());
    Architecture arch = bases.architecture(plan, request.getBase());
    List<LabeledImage> trainImages = split.train();
    String augmented = "";
    Map<String, String> tags = Map.of();
    if (request.hasAugmentation()) { // generated images join the training split only
      AugmentationPlan aug = AugmentationPlan.of(request.getAugmentation(), "augmentation");
      String generator = augmentor.resolve(aug.generatorVersion());
      run.phase("generating", "generating images with generator " + generator + " (" + aug.describe() + ")");
      GeneratedData.Result generated = augmentor.generate(aug, generator, split.train(), plan.options().seed(),
          run::cancelRequested);
      trainImages = new ArrayList<>(split.train());
      trainImages.addAll(generated.images());
      augmented = "; " + generated.summary(aug);
      tags = Map.of("augmented_with", generator, "generated_images", Integer.toString(generated.images().size()));
      run.phase("preprocessing", generated.summary(aug));
    }
    TensorSet train = TensorSet.of(trainImages, arch.input());
    TensorSet val = TensorSet.of(split.validation(), arch.input());
    TensorSet test = TensorSet.of(split.test(), arch.input());

    int firstEpoch = 1;
    Classifier classifier;
    Optional<Integer> done = checkpoint.epoch();
    if (done.isPresent()) {
      classifier = checkpoint.load(arch, engine);
      firstEpoch = done.get() + 1;
      run.resumedFrom(done.get());
      run.phase("training", "resuming after the checkpoint of epoch " + done.get());
    } else {
      classifier = initial(arch, request.getBase(), plan, run);
    }
    try {
      run.phase("training", "training " + arch.name() + " (" + classifier.parameterCount() + " parameters) for "
          + plan.options().epochs() + " epochs");
      if (firstEpoch <= plan.options().epochs()) {
        new ClassifierTrainer(plan.options()).train(classifier, train, val, listener(run, checkpoint), firstEpoch);
      }
      run.phase("evaluating", "scoring " + test.size() + " held-out test images");
      EvaluationMetrics metrics = Evaluator.evaluate(classifier, test);
      if (run.cancelRequested()) {
        throw new io.emotioncluster.node.training.TrainingCancelledException();
      }
      run.phase("registering", String.format("test accuracy %.3f, macro-F1 %.3f", metrics.accuracy(), metrics.macroF1()));
      String parent = request.getBase().getSourceCase() == BaseModel.SourceCase.VERSION_ID
          ? request.getBase().getVersionId() : null;
      VersionRecord v = registry.register(classifier, new VersionRecord.Draft(ModelKind.CLASSIFIER,
          request.getDisplayName().isBlank() ? arch.name() + " on " + describe(request) : request.getDisplayName(),
          data.fingerprint(), split.testFingerprint(), json(request), metrics, parent, "trained", null, run.jobId(),
          tags, null, null));
      String promoted = "";
      if (request.getPromoteWhenDone()) {
        registry.promote(v.id());
        promoted = "; promoted to production";
      }
      checkpoint.deleteAll();
      return new Outcome(v.id(), io.emotioncluster.node.grpc.ProtoMetrics.of(metrics), String.format(
          "registered %s: test accuracy %.3f, macro-F1 %.3f on %d images%s%s", v.id(), metrics.accuracy(),
          metrics.macroF1(), metrics.testImages(), promoted, augmented));
    } catch (io.emotioncluster.node.training.TrainingCancelledException e) {
      if (!run.shuttingDown()) {
        checkpoint.deleteAll(); // cancelled: nothing to resume
      }
      throw e;
    } catch (Exception | Error e) {
      if (!run.shuttingDown()) {
        checkpoint.deleteAll(); // failed jobs are not resumed; their checkpoints would only take disk
      }
      throw e;
    } finally {
      classifier.close();
    }
  }

  private Classifier initial(Architecture arch, BaseModel base, TrainingPlan plan, JobRun run) throws IOException {
    Classifier fresh = bases.initial(arch, base, plan.options().seed());
    if (BaseModels.isSet(base)) {
      run.phase("preparing", BaseModels.describe(base));
    }
    return fresh;
  }

  private static TrainingListener listener(JobRun run, Checkpoint checkpoint) {
    return new TrainingListener() {
      @Override
      public void onEpoch(EpochReport r) {
        run.progress(TrainingProgress.newBuilder()
            .setEpoch(r.epoch())
            .setTotalEpochs(r.totalEpochs())
            .setStep(r.step())
            .setTotalSteps(r.totalSteps())
            .setLoss((float) r.loss())
            .setTrainAccuracy((float) r.trainAccuracy())
            .setValidationAccuracy(Double.isNaN(r.validationAccuracy()) ? 0f : (float) r.validationAccuracy())
            .setImagesPerSecond((float) r.imagesPerSecond())
            .setEtaS(r.etaSeconds())
            .build());
      }

      @Override
      public void afterEpoch(int epoch, Classifier classifier, boolean improved) {
        try {
          checkpoint.save(classifier, epoch);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the checkpoint of epoch " + epoch, e);
        }
      }

      @Override
      public boolean cancelRequested() {
        return run.cancelRequested();
      }
    };
  }

  private static String describe(TrainRequest r) {
    return switch (r.getDataset().getSourceCase()) {
      case SYNTHFACS -> "SynthFACS";
      case IMAGE_FOLDER -> r.getDataset().getImageFolder().getPath();
      case FER2013 -> r.getDataset().getFer2013().getPath();
      default -> "?";
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
