package io.emotioncluster.admin.report;

import io.emotioncluster.admin.output.Fmt;
import io.emotioncluster.api.v1.ArmSummary;
import io.emotioncluster.api.v1.ClassMetrics;
import io.emotioncluster.api.v1.CompareResponse;
import io.emotioncluster.api.v1.Emotion;
import io.emotioncluster.api.v1.EvaluationMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * A comparison ready to render: the node's {@link CompareResponse} plus the confusion matrices
 * of both arms (from the response, or filled in from GetVersion when an arm lacks them).
 */
public record Comparison(CompareResponse response, EvaluationMetrics baselineMetrics,
    EvaluationMetrics candidateMetrics, String candidateMetricsSource) {

  /** The 5% level the significance line refers to. */
  public static final double ALPHA = 0.05;

  public static Comparison of(CompareResponse r) {
    return new Comparison(r, r.getBaseline().getMetrics(), r.getCandidate().getMetrics(), "");
  }

  /** With the candidate's metrics taken from elsewhere (and said so in the report). */
  public Comparison withCandidateMetrics(EvaluationMetrics m, String source) {
    return new Comparison(response, baselineMetrics, m, source);
  }

  public ArmSummary baseline() {
    return response.getBaseline();
  }

  public ArmSummary candidate() {
    return response.getCandidate();
  }

  public String baselineName() {
    return name(baseline());
  }

  public String candidateName() {
    return name(candidate());
  }

  static String name(ArmSummary a) {
    String ids = String.join("+", a.getVersionIdsList());
    if (a.getLabel().isBlank()) {
      return ids;
    }
    return ids.isEmpty() || ids.equals(a.getLabel()) ? a.getLabel() : a.getLabel() + " (" + ids + ")";
  }

  /** An experiment's two arms (means over seeds) rather than two versions. */
  public boolean isExperiment() {
    return !response.getExperimentId().isBlank();
  }

  /** What the bracketed intervals are, for the legend under the table. */
  public String intervalLegend() {
    return isExperiment()
        ? "values: mean over " + baseline().getSeedsCount() + " seeds [95% Student-t interval over seeds]; "
            + "delta: paired by seed [95% t-interval]"
        : "values: estimate [95% bootstrap interval]";
  }

  /** The accuracy delta, with its paired interval for experiments. */
  public String accuracyDelta() {
    String d = Fmt.delta(response.getAccuracyDelta(), 3);
    return isExperiment() ? d + " [" + Fmt.delta(response.getAccuracyDeltaCiLow(), 3) + ", "
        + Fmt.delta(response.getAccuracyDeltaCiHigh(), 3) + "]" : d;
  }

  /** Experiments: McNemar on the pooled paired predictions, with the discordant counts. */
  public String mcNemarLine() {
    double p = response.getMcnemarPValue();
    return "McNemar on pooled paired predictions (" + response.getMcnemarBaselineOnly() + " right only in the baseline, "
        + response.getMcnemarCandidateOnly() + " only in the candidate): p " + (p < 1e-4 ? "< 0.0001" : "= "
        + Fmt.pValue(p));
  }

  public boolean significant() {
    return response.getPValue() < ALPHA;
  }

  /** "McNemar (paired, two-sided): p = 0.3428, not significant at the 5% level" (or "p < 0.0001"). */
  public String significanceLine() {
    String test = response.getTest().isBlank() ? "significance test" : response.getTest();
    double p = response.getPValue();
    return test + ": p " + (p < 1e-4 ? "< 0.0001" : "= " + Fmt.pValue(p)) + ", "
        + (significant() ? "significant" : "not significant") + " at the 5% level";
  }

  /** Per class: emotion, baseline F1, candidate F1, delta (delta from the node's per_class_f1_delta). */
  public List<ClassRow> perClass() {
    List<ClassRow> rows = new ArrayList<>();
    for (int i = 0; i < Fmt.EMOTIONS.size(); i++) {
      Emotion e = Fmt.EMOTIONS.get(i);
      double b = f1(baselineMetrics, i);
      double c = f1(candidateMetrics, i);
      double d = i < response.getPerClassF1DeltaCount() ? response.getPerClassF1Delta(i) : c - b;
      rows.add(new ClassRow(e, b, c, d, support(baselineMetrics, i)));
    }
    return rows;
  }

  /** One class's line of the per-class table. */
  public record ClassRow(Emotion emotion, double baselineF1, double candidateF1, double delta, int support) { }

  private static double f1(EvaluationMetrics m, int i) {
    return i < m.getPerClassCount() ? m.getPerClass(i).getF1() : Double.NaN;
  }

  private static int support(EvaluationMetrics m, int i) {
    if (i >= m.getPerClassCount()) {
      return 0;
    }
    ClassMetrics c = m.getPerClass(i);
    return c.getSupport();
  }

  /** The 7x7 matrix as rows (true class) of columns (predicted class); empty when absent. */
  public static int[][] matrix(EvaluationMetrics m) {
    int n = Fmt.EMOTIONS.size();
    if (m.getConfusionMatrixCount() != n * n) {
      return new int[0][0];
    }
    int[][] out = new int[n][n];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        out[r][c] = m.getConfusionMatrix(r * n + c);
      }
    }
    return out;
  }
}
