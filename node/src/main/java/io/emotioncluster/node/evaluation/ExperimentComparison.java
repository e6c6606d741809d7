package io.emotioncluster.node.evaluation;

import io.emotioncluster.api.v1.ArmSummary;
import io.emotioncluster.api.v1.CompareResponse;
import io.emotioncluster.node.grpc.ProtoMetrics;
import io.emotioncluster.node.training.EvaluationMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The comparison of an experiment's two arms at one real-images budget, from every run's
 * predictions on the one shared test split:
 * <ul>
 *   <li>each arm: accuracy and macro-F1 as the mean over seeds with a 95% Student-t interval over
 *       seeds (seeds are the repetitions; the test split is fixed), and the pooled confusion
 *       matrix (all seeds' predictions together);</li>
 *   <li>the paired difference augmented - baseline (same seed, same real images, same test split)
 *       with its t-interval, and a paired t-test over seeds as {@code p_value};</li>
 *   <li>McNemar's test on the pooled paired predictions (image i of seed s, baseline vs augmented)
 *       as {@code mcnemar_p_value}: it asks whether the arms err on different images, which the
 *       seed-level test cannot see; pooling treats seeds' predictions as separate pairs, so read
 *       it alongside the paired t-test, not instead of it;</li>
 *   <li>per-class F1 deltas of the pooled predictions.</li>
 * </ul>
 */
public final class ExperimentComparison {

  /** One trained classifier of an arm: its seed, version and test predictions. */
  public record Run(long seed, String versionId, int[] predicted) {}

  public static final String PAIRED_TEST = "paired t-test over seeds (accuracy, two-sided)";

  private ExperimentComparison() {}

  /**
   * @param truth        test labels, in the order every run's predictions use
   * @param realPerClass the budget, 0 = all real images
   */
  public static CompareResponse of(String experimentId, int realPerClass, String splitFingerprint, int[] truth,
      List<Run> baseline, List<Run> augmented, String augmentation, int[] realTrainPerClass) {
    return pair(experimentId, realPerClass, splitFingerprint, truth, baseline, augmented, augmentation,
        realTrainPerClass, "", "baseline", "augmented");
  }

  /**
   * One pair of arms (a real-only arm and its generated twin), named for the report.
   *
   * @param pair           "scratch", "transfer", "transfer, pca generator"; empty for a lone pair
   * @param baselineLabel  the real-only arm's row label
   * @param candidateLabel the generated arm's row label
   */
  public static CompareResponse pair(String experimentId, int realPerClass, String splitFingerprint, int[] truth,
      List<Run> baseline, List<Run> augmented, String augmentation, int[] realTrainPerClass, String pair,
      String baselineLabel, String candidateLabel) {
    List<Run> b = bySeed(baseline);
    List<Run> a = bySeed(augmented);
    if (b.size() != a.size() || b.size() < 2) {
      throw new IllegalArgumentException("an experiment needs the same two or more seeds in both arms, got "
          + b.size() + " baseline and " + a.size() + " augmented runs");
    }
    for (int i = 0; i < b.size(); i++) {
      if (b.get(i).seed() != a.get(i).seed()) {
        throw new IllegalArgumentException("arms ran different seeds: " + b.get(i).seed() + " vs " + a.get(i).seed());
      }
    }
    int n = b.size();
    double[] accB = new double[n];
    double[] accA = new double[n];
    double[] f1B = new double[n];
    double[] f1A = new double[n];
    int onlyB = 0;
    int onlyA = 0;
    for (int i = 0; i < n; i++) {
      int[] pb = b.get(i).predicted();
      int[] pa = a.get(i).predicted();
      EvaluationMetrics mb = EvaluationMetrics.of(truth, pb);
      EvaluationMetrics ma = EvaluationMetrics.of(truth, pa);
      accB[i] = mb.accuracy();
      accA[i] = ma.accuracy();
      f1B[i] = mb.macroF1();
      f1A[i] = ma.macroF1();
      for (int k = 0; k < truth.length; k++) {
        boolean rb = pb[k] == truth[k];
        boolean ra = pa[k] == truth[k];
        if (rb && !ra) {
          onlyB++;
        } else if (ra && !rb) {
          onlyA++;
        }
      }
    }
    EvaluationMetrics pooledB = pooled(truth, b);
    EvaluationMetrics pooledA = pooled(truth, a);
    Statistics.MeanInterval delta = clamp(Statistics.tInterval(Statistics.differences(accB, accA)), -1);
    CompareResponse.Builder out = CompareResponse.newBuilder()
        .setExperimentId(experimentId)
        .setRealPerClass(realPerClass)
        .setPair(pair)
        .setBaseline(arm(baselineLabel, b, accB, f1B, pooledB))
        .setCandidate(arm(candidateLabel, a, accA, f1A, pooledA))
        .setAccuracyDelta(delta.mean())
        .setAccuracyDeltaCiLow(delta.low())
        .setAccuracyDeltaCiHigh(delta.high())
        .setMacroF1Delta(Statistics.mean(f1A) - Statistics.mean(f1B))
        .setPValue(Statistics.pairedTTest(accB, accA))
        .setTest(PAIRED_TEST)
        .setMcnemarPValue(Statistics.mcNemar(onlyB, onlyA))
        .setMcnemarBaselineOnly(onlyB)
        .setMcnemarCandidateOnly(onlyA)
        .setTestImages(truth.length)
        .setSplitFingerprint(splitFingerprint)
        .setAugmentation(augmentation);
    for (int c : realTrainPerClass) {
      out.addRealTrainPerClass(c);
    }
    for (int c = 0; c < pooledB.perClass().size(); c++) {
      out.addPerClassF1Delta(pooledA.perClass().get(c).f1() - pooledB.perClass().get(c).f1());
    }
    out.setMarkdown(ExperimentMarkdown.budget(out.build()));
    return out.build();
  }

  /**
   * The experiment's result: the headline comparison (all real images, or the largest budget)
   * with one learning-curve entry per budget when there are several.
   */
  public static CompareResponse combine(List<CompareResponse> perBudget) {
    if (perBudget.isEmpty()) {
      throw new IllegalArgumentException("no budgets");
    }
    CompareResponse headline = perBudget.stream()
        .max(Comparator.comparingLong(r -> r.getRealPerClass() == 0 ? Long.MAX_VALUE : r.getRealPerClass()))
        .orElseThrow();
    if (perBudget.size() == 1) {
      return headline;
    }
    List<CompareResponse> curve = new ArrayList<>(perBudget);
    curve.sort(Comparator.comparingLong(r -> r.getRealPerClass() == 0 ? Long.MAX_VALUE : r.getRealPerClass()));
    CompareResponse.Builder out = headline.toBuilder().clearLearningCurve().addAllLearningCurve(curve);
    out.setMarkdown(ExperimentMarkdown.experiment(out.build()));
    return out.build();
  }

  /** One arm on its own (e.g. the classical baseline): mean over seeds with its t-interval. */
  public static ArmSummary summary(String label, int[] truth, List<Run> runs) {
    List<Run> r = bySeed(runs);
    double[] acc = new double[r.size()];
    double[] f1 = new double[r.size()];
    for (int i = 0; i < r.size(); i++) {
      EvaluationMetrics m = EvaluationMetrics.of(truth, r.get(i).predicted());
      acc[i] = m.accuracy();
      f1[i] = m.macroF1();
    }
    return arm(label, r, acc, f1, pooled(truth, r));
  }

  /**
   * A t-interval can reach past what the quantity can take (few seeds, wide spread): it is cut to
   * [{@code low}, 1], the range of accuracies (low 0) and of their differences (low -1).
   */
  static Statistics.MeanInterval clamp(Statistics.MeanInterval i, double low) {
    return new Statistics.MeanInterval(i.mean(), Math.max(low, i.low()), Math.min(1, i.high()), i.n());
  }

  private static List<Run> bySeed(List<Run> runs) {
    return runs.stream().sorted(Comparator.comparingLong(Run::seed)).toList();
  }

  private static EvaluationMetrics pooled(int[] truth, List<Run> runs) {
    int[] t = new int[truth.length * runs.size()];
    int[] p = new int[t.length];
    for (int i = 0; i < runs.size(); i++) {
      System.arraycopy(truth, 0, t, i * truth.length, truth.length);
      System.arraycopy(runs.get(i).predicted(), 0, p, i * truth.length, truth.length);
    }
    return EvaluationMetrics.of(t, p);
  }

  private static ArmSummary arm(String label, List<Run> runs, double[] acc, double[] f1, EvaluationMetrics pooled) {
    Statistics.MeanInterval a = clamp(Statistics.tInterval(acc), 0);
    Statistics.MeanInterval f = clamp(Statistics.tInterval(f1), 0);
    ArmSummary.Builder s = ArmSummary.newBuilder()
        .setLabel(label)
        .setAccuracy(a.mean())
        .setAccuracyCiLow(a.low())
        .setAccuracyCiHigh(a.high())
        .setMacroF1(f.mean())
        .setMacroF1CiLow(f.low())
        .setMacroF1CiHigh(f.high())
        .setMetrics(ProtoMetrics.of(pooled));
    for (int i = 0; i < runs.size(); i++) {
      s.addVersionIds(runs.get(i).versionId()).addSeeds(runs.get(i).seed()).addSeedAccuracy(acc[i])
          .addSeedMacroF1(f1[i]);
    }
    return s.build();
  }
}
