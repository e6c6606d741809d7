package io.emotioncluster.node.evaluation;

import io.emotioncluster.api.v1.ArmSummary;
import io.emotioncluster.api.v1.CompareResponse;
import io.emotioncluster.node.model.Emotion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An experiment's comparison as Markdown in the form of the paper's result table (method |
 * accuracy), with the intervals, tests and per-class rows the paper did not give.
 */
public final class ExperimentMarkdown {

  private ExperimentMarkdown() {}

  /**
   * Every row of one budget, when the experiment has more than one pair or a classical baseline:
   * each real-only arm followed by its generated twins, then the classical baseline.
   */
  public static String rows(CompareResponse r) {
    StringBuilder s = new StringBuilder();
    s.append("| Row | Accuracy (%) | Macro-F1 | Gain over its real-only twin (paired, points) | p (paired t) "
        + "| McNemar p |\n|---|---:|---:|---:|---:|---:|\n");
    List<CompareResponse> pairs = new ArrayList<>();
    pairs.add(r);
    pairs.addAll(r.getPairsList());
    pairs.sort(Comparator.comparing((CompareResponse c) -> !c.getPair().equals("scratch")));
    java.util.Set<String> shown = new java.util.HashSet<>();
    for (CompareResponse c : pairs) {
      ArmSummary b = c.getBaseline();
      if (shown.add(b.getLabel())) {
        s.append("| ").append(b.getLabel()).append(" | ").append(pct(b.getAccuracy(), b.getAccuracyCiLow(),
            b.getAccuracyCiHigh())).append(" | ").append(f1(b.getMacroF1(), b.getMacroF1CiLow(), b.getMacroF1CiHigh()))
            .append(" | | | |\n");
      }
      ArmSummary a = c.getCandidate();
      s.append("| ").append(a.getLabel()).append(" | ").append(pct(a.getAccuracy(), a.getAccuracyCiLow(),
          a.getAccuracyCiHigh())).append(" | ").append(f1(a.getMacroF1(), a.getMacroF1CiLow(), a.getMacroF1CiHigh()))
          .append(" | ").append(signedPct(c.getAccuracyDelta(), c.getAccuracyDeltaCiLow(), c.getAccuracyDeltaCiHigh()))
          .append(" | ").append(p(c.getPValue())).append(" | ").append(p(c.getMcnemarPValue())).append(" |\n");
    }
    if (r.hasClassical()) {
      ArmSummary k = r.getClassical();
      s.append("| ").append(k.getLabel()).append(" | ").append(pct(k.getAccuracy(), k.getAccuracyCiLow(),
          k.getAccuracyCiHigh())).append(" | ").append(f1(k.getMacroF1(), k.getMacroF1CiLow(), k.getMacroF1CiHigh()))
          .append(" | | | |\n");
    }
    s.append("\nMean over seeds with 95% Student-t intervals; each generated arm is paired by seed with the real-only "
        + "arm above it (same initialisation, real images, hyperparameters and test split). McNemar pools the "
        + "paired test predictions of all seeds.\n\n");
    return s.toString();
  }

  /** The table of one budget. */
  public static String budget(CompareResponse r) {
    ArmSummary b = r.getBaseline();
    ArmSummary a = r.getCandidate();
    StringBuilder s = new StringBuilder();
    if (r.getPairsCount() > 0 || r.hasClassical()) {
      s.append(rows(r));
      s.append("**").append(a.getLabel()).append(" against ").append(b.getLabel()).append("** in detail:\n\n");
    }
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
      curveRow(s, c);
    }
    boolean pairs = r.getLearningCurveList().stream().anyMatch(c -> c.getPairsCount() > 0 || c.hasClassical());
    if (pairs) {
      s.append("\n| Real images per class | Pair | Real-only accuracy (%) | + generated (%) | Difference (paired) "
          + "| p (paired t) |\n|---|---|---:|---:|---:|---:|\n");
      for (CompareResponse c : r.getLearningCurveList()) {
        List<CompareResponse> all = new ArrayList<>();
        all.add(c);
        all.addAll(c.getPairsList());
        for (CompareResponse x : all) {
          curvePairRow(s, x);
        }
        if (c.hasClassical()) {
          s.append("| ").append(c.getRealPerClass() == 0 ? "all" : Integer.toString(c.getRealPerClass()))
              .append(" | ").append(c.getClassical().getLabel()).append(" | ")
              .append(pct(c.getClassical().getAccuracy(), c.getClassical().getAccuracyCiLow(),
                  c.getClassical().getAccuracyCiHigh())).append(" | | | |\n");
        }
      }
    }
    return s.toString();
  }

  private static void curvePairRow(StringBuilder s, CompareResponse c) {
    s.append("| ").append(c.getRealPerClass() == 0 ? "all" : Integer.toString(c.getRealPerClass())).append(" | ")
        .append(c.getCandidate().getLabel()).append(" | ")
        .append(pct(c.getBaseline().getAccuracy(), c.getBaseline().getAccuracyCiLow(), c.getBaseline().getAccuracyCiHigh()))
        .append(" | ")
        .append(pct(c.getCandidate().getAccuracy(), c.getCandidate().getAccuracyCiLow(),
            c.getCandidate().getAccuracyCiHigh()))
        .append(" | ").append(signedPct(c.getAccuracyDelta(), c.getAccuracyDeltaCiLow(), c.getAccuracyDeltaCiHigh()))
        .append(" | ").append(p(c.getPValue())).append(" |\n");
  }

  private static void curveRow(StringBuilder s, CompareResponse c) {
    {
      s.append("| ").append(c.getRealPerClass() == 0 ? "all" : Integer.toString(c.getRealPerClass())).append(" | ")
          .append(pct(c.getBaseline().getAccuracy(), c.getBaseline().getAccuracyCiLow(), c.getBaseline().getAccuracyCiHigh()))
          .append(" | ")
          .append(pct(c.getCandidate().getAccuracy(), c.getCandidate().getAccuracyCiLow(),
              c.getCandidate().getAccuracyCiHigh()))
          .append(" | ").append(signedPct(c.getAccuracyDelta(), c.getAccuracyDeltaCiLow(), c.getAccuracyDeltaCiHigh()))
          .append(" | ").append(p(c.getPValue())).append(" |\n");
    }
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
