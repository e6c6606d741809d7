package io.emotioncluster.node.evaluation;

import io.emotioncluster.node.training.EvaluationMetrics;

/** Two classifiers scored on exactly the same test images. */
public record VersionComparison(
    String baselineId,
    String candidateId,
    EvaluationMetrics baseline,
    EvaluationMetrics candidate,
    Statistics.Interval baselineInterval,
    Statistics.Interval candidateInterval,
    double pValue,
    String test,
    String splitFingerprint) {

  public double accuracyDelta() {
    return candidate.accuracy() - baseline.accuracy();
  }

  /** Candidate minus baseline F1 per class, in Emotion order. */
  public double[] perClassF1Delta() {
    double[] d = new double[baseline.perClass().size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = candidate.perClass().get(i).f1() - baseline.perClass().get(i).f1();
    }
    return d;
  }
}
