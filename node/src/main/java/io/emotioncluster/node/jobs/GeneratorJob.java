package io.emotioncluster.node.jobs;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.emotioncluster.api.v1.EvaluationMetrics;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.LoadedDataset;
import io.emotioncluster.node.generator.GanOptions;
import io.emotioncluster.node.generator.GeneratorService;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.VersionRecord;
import io.emotioncluster.node.training.TrainingCancelledException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A GENERATOR_TRAINING job: load and split the dataset as a classifier job would, train the GAN on
 * the training split (checkpointed every sample interval, so a node restart resumes it), measure
 * its quality against the test split, register the EMA generator and optionally promote it.
 * Versions are tagged {@code job=<id>} (TrainRequest has no tag field); experiments add their own
 * tags through {@link GeneratorService}.
 */
public final class GeneratorJob implements JobRunner {

  private final ModelRegistry registry;
  private final DatasetFactory datasets;
  private final GeneratorService generators;

  public GeneratorJob(ModelRegistry registry, DatasetFactory datasets, GeneratorService generators) {
    this.registry = registry;
    this.datasets = datasets;
    this.generators = generators;
  }

  @Override
  public void validate(TrainRequest request) {
    if (!request.hasDataset()
        || request.getDataset().getSourceCase() == io.emotioncluster.api.v1.DatasetSpec.SourceCase.SOURCE_NOT_SET) {
      throw ServiceException.invalid("dataset is required: set dataset.synthfacs, dataset.image_folder or "
          + "dataset.fer2013");
    }
    if (request.hasAugmentation()) {
      throw ServiceException.invalid("augmentation applies to classifier jobs; a generator job trains on real "
          + "images only, so leave augmentation unset");
    }
    generators.validate(request.getGenerator()); // sizes, and the base version of a fine-tune
    splitPlan(request);
    datasets.validate(request.getDataset());
  }

  /** The split settings of the request (shared with classifier jobs, so both see the same split). */
  private static TrainingPlan splitPlan(TrainRequest request) {
    return TrainingPlan.of(request.toBuilder().clearAugmentation().build());
  }

  @Override
  public Outcome run(JobRun run) throws Exception {
    TrainRequest request = run.request();
    Optional<VersionRecord> already = registry.list(ModelKind.GENERATOR, null).stream()
        .filter(v -> run.jobId().equals(v.jobId())).findFirst();
    if (already.isPresent()) { // crashed after registering, before recording success
      VersionRecord v = already.get();
      promoteIfAsked(request, v.id());
      deleteCheckpoint(run);
      return new Outcome(v.id(), EvaluationMetrics.getDefaultInstance(),
          "generator " + v.id() + " was registered before the node restarted");
    }
    run.phase("loading-data", "loading " + request.getDataset().getSourceCase().name().toLowerCase());
    LoadedDataset data = datasets.load(request.getDataset());
    DatasetSplit split = DatasetFactory.split(data, splitPlan(request));
    if (split.train().isEmpty()) {
      throw ServiceException.precondition("the dataset has no training images after the split ("
          + data.report().summary() + ")");
    }
    run.phase("preprocessing", data.report().summary() + "; split " + split.train().size() + " train / "
        + split.test().size() + " test (the generator trains on the training split only)");
    try {
      GeneratorService.Result r = generators.trainAndRegister(run, split.train(), split.test(),
          request.getGenerator(), Map.of("job", run.jobId()),
          request.getDisplayName().isBlank() ? "generator on " + request.getDataset().getSourceCase().name()
              .toLowerCase() : request.getDisplayName(),
          data.fingerprint(), split.testFingerprint(), json(request));
      String promoted = promoteIfAsked(request, r.version().id()) ? "; promoted to production" : "";
      return new Outcome(r.version().id(), EvaluationMetrics.getDefaultInstance(),
          "registered generator " + r.version().id() + ": " + r.quality().summary() + promoted);
    } catch (TrainingCancelledException e) {
      if (!run.shuttingDown()) {
        deleteCheckpoint(run); // cancelled: nothing to resume
      }
      throw e;
    } catch (Exception | Error e) {
      if (!run.shuttingDown()) {
        deleteCheckpoint(run);
      }
      throw e;
    }
  }

  private boolean promoteIfAsked(TrainRequest request, String id) throws java.io.IOException {
    if (!request.getPromoteWhenDone()) {
      return false;
    }
    if (registry.production(ModelKind.GENERATOR).filter(id::equals).isEmpty()) {
      registry.promote(id);
    }
    return true;
  }

  private static void deleteCheckpoint(JobRun run) throws java.io.IOException {
    Path dir = run.directory().resolve("gan-checkpoint");
    for (Path p : new Path[] {dir, dir.resolveSibling("gan-checkpoint.tmp")}) {
      if (Files.exists(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(x);
          }
        }
      }
    }
  }

  private static String json(TrainRequest r) {
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(r);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
