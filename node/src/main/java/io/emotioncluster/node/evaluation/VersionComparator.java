package io.emotioncluster.node.evaluation;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.jobs.DatasetFactory;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.VersionRecord;
import io.emotioncluster.node.training.EvaluationMetrics;
import io.emotioncluster.node.training.Evaluator;
import io.emotioncluster.node.training.TensorSet;
import java.io.IOException;

/**
 * Scores two classifier versions on the baseline's own test split, rebuilt from the request that
 * trained it and checked against its recorded fingerprint, so both are judged on exactly the
 * same images. Reports bootstrap intervals and a McNemar test.
 */
public final class VersionComparator {

  static final int RESAMPLES = 1000;

  private final ModelRegistry registry;
  private final DatasetFactory datasets;
  private final EngineConfig engine;

  public VersionComparator(ModelRegistry registry, DatasetFactory datasets, EngineConfig engine) {
    this.registry = registry;
    this.datasets = datasets;
    this.engine = engine;
  }

  public VersionComparison compare(String baselineId, String candidateId) throws IOException {
    VersionRecord baseline = classifier(baselineId);
    VersionRecord candidate = classifier(candidateId);
    if (baseline.trainingConfigJson() == null || baseline.trainingConfigJson().isBlank()) {
      throw ServiceException.precondition("version " + baselineId + " has no recorded training request, so its test "
          + "split cannot be rebuilt; use a version trained through Train (or the bootstrap) as the baseline");
    }
    TrainRequest request = parse(baseline.trainingConfigJson());
    DatasetSplit split = datasets.reproduceSplit(request);
    if (!split.testFingerprint().equals(baseline.splitFingerprint())) {
      throw ServiceException.precondition("the test split of " + baselineId + " cannot be rebuilt exactly (its "
          + "dataset changed since training: fingerprint " + split.testFingerprint().substring(0, 12) + " instead of "
          + baseline.splitFingerprint().substring(0, 12) + ")");
    }
    int[] truth;
    int[] a;
    int[] b;
    try (Classifier ca = registry.loadClassifier(baselineId, engine)) {
      TensorSet test = TensorSet.of(split.test(), ca.input());
      truth = test.labels();
      a = Evaluator.predict(ca, test);
    }
    try (Classifier cb = registry.loadClassifier(candidateId, engine)) {
      b = Evaluator.predict(cb, TensorSet.of(split.test(), cb.input()));
    }
    return new VersionComparison(baselineId, candidateId, EvaluationMetrics.of(truth, a), EvaluationMetrics.of(truth, b),
        Statistics.bootstrap(truth, a, RESAMPLES, 1), Statistics.bootstrap(truth, b, RESAMPLES, 2),
        Statistics.mcNemar(truth, a, b), "McNemar (paired, two-sided)", split.testFingerprint());
  }

  private VersionRecord classifier(String id) {
    VersionRecord v = registry.require(id);
    if (v.kind() != ModelKind.CLASSIFIER) {
      throw ServiceException.invalid("version " + id + " is a " + v.kind().name().toLowerCase()
          + "; Compare scores classifiers");
    }
    return v;
  }

  private static TrainRequest parse(String json) {
    try {
      TrainRequest.Builder b = TrainRequest.newBuilder();
      JsonFormat.parser().ignoringUnknownFields().merge(json, b);
      return b.build();
    } catch (InvalidProtocolBufferException e) {
      throw ServiceException.precondition("the recorded training request is unreadable: " + e.getMessage());
    }
  }
}
