package io.emotioncluster.node.evaluation;

import io.emotioncluster.api.v1.ArmSummary;
import io.emotioncluster.api.v1.CompareResponse;
import io.emotioncluster.node.model.Emotion;
import java.util.Locale;

/**
 * An experiment's comparison as Markdown in the form of the paper's result table (method |
 * accuracy), with the intervals, tests and per-class rows the paper did not give.
 */
public final class ExperimentMarkdown {

  private ExperimentMarkdown() {}

  /** The table of one budget. */
  public static String budget(CompareResponse r) {
    ArmSummary b = r.getBaseline();
    ArmSummary a = r.getCandidate();
    StringBuilder s = new StringBuilder();
    s.append("| Method | Accuracy (%) | Macro-F1 |\n|---|---:|---:|\n");
    s.append("| Baseline: real images only | ").append(pct(b.getAccuracy(), b.getAccuracyCiLow(), b.getAccuracyCiHigh()))
        .append(" | ").append(f1(b.getMacroF1(), b.getMacroF1CiLow(), b.getMacroF1CiHigh())).append(" |\n");
    s.append("| Augmented: + generated images").append(r.getAugmentation().isBlank() ? "" : " (" + r.getAugmentation() + ")")
        .append(" | ").append(pct(a.getAccuracy(), a.getAccuracyCiLow(), a.getAccuracyCiHigh()))
        .append(" | ").append(f1(a.getMacroF1(), a.getMacroF1CiLow(), a.getMacroF1CiHigh())).append(" |\n");
    s.append("| Difference (paired by seed) | ").append(signedPct(r.getAccuracyDelta(), r.getAccuracyDeltaCiLow(),
        r.getAccuracyDeltaCiHigh())).append(" | ").append(fmt("%+.3f", r.getMacroF1Delta())).append(" |\n\n");
    s.append("Mean over ").append(b.getSeedsCount()).append(" seeds (").append(seeds(b))
        .append(") with 95% Student-t intervals over seeds; ")
        .append(r.getRealPerClass() == 0 ? "all real training images" : "at most " + r.getRealPerClass()
            + " real training images per class").append(realCounts(r)).append(". Every run is tested on the same ")
        .append(r.getTestImages()).append(" images (split ").append(shortHash(r.getSplitFingerprint())).append(").  \n");
    s.append("Paired t-test over seeds: p = ").append(p(r.getPValue())).append(". McNemar on ")
        .append((long) r.getTestImages() * b.getSeedsCount()).append(" pooled paired predictions (")
        .append(r.getMcnemarBaselineOnly()).append(" right only in the baseline, ").append(r.getMcnemarCandidateOnly())
        .append(" only when augmented): p = ").append(p(r.getMcnemarPValue())).append(".\n\n");
    s.append("| Seed | Baseline accuracy (%) | Augmented accuracy (%) | Difference |\n|---:|---:|---:|---:|\n");
    for (int i = 0; i < b.getSeedsCount(); i++) {
      double x = b.getSeedAccuracy(i);
      double y = i < a.getSeedAccuracyCount() ? a.getSeedAccuracy(i) : Double.NaN;
      s.append("| ").append(b.getSeeds(i)).append(" | ").append(fmt("%.2f", 100 * x)).append(" | ")
          .append(fmt("%.2f", 100 * y)).append(" | ").append(fmt("%+.2f", 100 * (y - x))).append(" |\n");
    }
    s.append("\n| Emotion | Baseline F1 | Augmented F1 | Difference |\n|---|---:|---:|---:|\n");
    for (int c = 0; c < Emotion.COUNT; c++) {
      double fb = c < b.getMetrics().getPerClassCount() ? b.getMetrics().getPerClass(c).getF1() : Double.NaN;
      double fa = c < a.getMetrics().getPerClassCount() ? a.getMetrics().getPerClass(c).getF1() : Double.NaN;
      s.append("| ").append(Emotion.ofIndex(c).label()).append(" | ").append(fmt("%.3f", fb)).append(" | ")
          .append(fmt("%.3f", fa)).append(" | ").append(fmt("%+.3f", r.getPerClassF1Delta(c))).append(" |\n");
    }
    s.append("\nPer-class F1 of the predictions pooled over seeds.\n");
    return s.toString();
  }

  /** The headline table followed by the learning curve (one row per real-images budget). */
  public static String experiment(CompareResponse r) {
    StringBuilder s = new StringBuilder(budget(r));
    s.append("\n**Learning curve** (where does augmentation help?)\n\n")
        .append("| Real images per class | Baseline accuracy (%) | Augmented accuracy (%) | Difference (paired) | p (paired t) |\n")
        .append("|---|---:|---:|---:|---:|\n");
    for (CompareResponse c : r.getLearningCurveList()) {
      s.append("| ").append(c.getRealPerClass() == 0 ? "all" : Integer.toString(c.getRealPerClass())).append(" | ")
          .append(pct(c.getBaseline().getAccuracy(), c.getBaseline().getAccuracyCiLow(), c.getBaseline().getAccuracyCiHigh()))
          .append(" | ")
          .append(pct(c.getCandidate().getAccuracy(), c.getCandidate().getAccuracyCiLow(),
              c.getCandidate().getAccuracyCiHigh()))
          .append(" | ").append(signedPct(c.getAccuracyDelta(), c.getAccuracyDeltaCiLow(), c.getAccuracyDeltaCiHigh()))
          .append(" | ").append(p(c.getPValue())).append(" |\n");
    }
    return s.toString();
  }

  private static String realCounts(CompareResponse r) {
    if (r.getRealTrainPerClassCount() == 0) {
      return "";
    }
    int total = r.getRealTrainPerClassList().stream().mapToInt(Integer::intValue).sum();
    return " (" + total + " real training images)";
  }

  private static String seeds(ArmSummary a) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < a.getSeedsCount(); i++) {
      s.append(i == 0 ? "" : ", ").append(a.getSeeds(i));
    }
    return s.toString();
  }

  static String pct(double v, double lo, double hi) {
    return fmt("%.2f [%.2f, %.2f]", 100 * v, 100 * lo, 100 * hi);
  }

  static String signedPct(double v, double lo, double hi) {
    return fmt("%+.2f [%+.2f, %+.2f]", 100 * v, 100 * lo, 100 * hi);
  }

  static String f1(double v, double lo, double hi) {
    return fmt("%.3f [%.3f, %.3f]", v, lo, hi);
  }

  static String p(double p) {
    return p < 1e-4 ? "< 0.0001" : fmt("%.4f", p);
  }

  private static String shortHash(String h) {
    return h.length() > 12 ? h.substring(0, 12) : h;
  }

  private static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
