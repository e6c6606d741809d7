package io.emotioncluster.admin.report;

import io.emotioncluster.api.v1.ArmSummary;
import io.emotioncluster.api.v1.CompareResponse;
import io.emotioncluster.admin.output.Fmt;
import io.emotioncluster.admin.output.Style;
import io.emotioncluster.admin.output.Table;
import io.emotioncluster.admin.output.TableRenderer;
import java.util.ArrayList;
import java.util.List;

/** The comparison on a terminal: both arms side by side, per-class deltas, both confusion matrices. */
public final class ComparisonText {

  private ComparisonText() {}

  public static List<String> lines(Comparison c, Style style) {
    List<String> out = new ArrayList<>();
    var r = c.response();
    out.add(style.bold("Comparison") + " on " + r.getTestImages() + " test images"
        + (r.getSplitFingerprint().isBlank() ? "" : " (split " + Fmt.shortHash(r.getSplitFingerprint()) + ")"));
    out.add("");
    if (c.isExperiment() && (r.getPairsCount() > 0 || r.hasClassical())) {
      out.add(style.bold("rows") + style.dim(" (each generated arm paired by seed with the real-only arm above it)"));
      out.addAll(new TableRenderer(style).lines(rows(r)));
      out.add("");
      out.add(style.bold(r.getCandidate().getLabel() + " against " + r.getBaseline().getLabel()) + " in detail:");
    }
    Table arms = Table.of("", "baseline " + c.baselineName(), "candidate " + c.candidateName(), "delta");
    arms.row("accuracy", armValue(c.baseline().getAccuracy(), c.baseline().getAccuracyCiLow(), c.baseline().getAccuracyCiHigh()),
        armValue(c.candidate().getAccuracy(), c.candidate().getAccuracyCiLow(), c.candidate().getAccuracyCiHigh()),
        c.accuracyDelta());
    arms.row("macro-F1", armValue(c.baseline().getMacroF1(), c.baseline().getMacroF1CiLow(), c.baseline().getMacroF1CiHigh()),
        armValue(c.candidate().getMacroF1(), c.candidate().getMacroF1CiLow(), c.candidate().getMacroF1CiHigh()),
        Fmt.delta(c.candidate().getMacroF1() - c.baseline().getMacroF1(), 3));
    arms.color("delta", v -> v.startsWith("+0.000") ? Style.Color.NONE : v.startsWith("+") ? Style.Color.GREEN : Style.Color.RED);
    out.addAll(new TableRenderer(style).lines(arms));
    out.add(style.dim(c.intervalLegend()));
    String sig = c.significanceLine();
    out.add(c.significant() ? style.green(sig) : style.yellow(sig));
    if (c.isExperiment()) {
      out.add(c.mcNemarLine());
      if (!r.getAugmentation().isBlank()) {
        out.add(style.dim("augmented arm: " + r.getAugmentation()));
      }
      if (r.getLearningCurveCount() > 0) {
        out.add("");
        Table curve = Table.of("real/class", "baseline", "augmented", "delta (paired)", "p");
        boolean pairs = r.getLearningCurveList().stream().anyMatch(b -> b.getPairsCount() > 0);
        if (pairs) {
          curve = Table.of("real/class", "pair", "real only", "+ generated", "delta (paired)", "p");
        }
        for (var b : r.getLearningCurveList()) {
          List<CompareResponse> all = new ArrayList<>();
          all.add(b);
          all.addAll(b.getPairsList());
          for (var x : pairs ? all : List.of(b)) {
            List<String> cells = new ArrayList<>();
            cells.add(x.getRealPerClass() == 0 ? "all" : String.valueOf(x.getRealPerClass()));
            if (pairs) {
              cells.add(x.getCandidate().getLabel());
            }
            cells.add(armValue(x.getBaseline().getAccuracy(), x.getBaseline().getAccuracyCiLow(),
                x.getBaseline().getAccuracyCiHigh()));
            cells.add(armValue(x.getCandidate().getAccuracy(), x.getCandidate().getAccuracyCiLow(),
                x.getCandidate().getAccuracyCiHigh()));
            cells.add(Comparison.of(x).accuracyDelta());
            cells.add(Fmt.pValue(x.getPValue()));
            curve.row(cells.toArray(String[]::new));
          }
        }
        out.add(style.bold("learning curve") + style.dim(" (accuracy by real training images per class)"));
        out.addAll(new TableRenderer(style).lines(curve));
      }
    }
    out.add("");
    Table perClass = Table.of("class", "support", "F1 baseline", "F1 candidate", "delta");
    for (Comparison.ClassRow row : c.perClass()) {
      perClass.row(Fmt.emotion(row.emotion()), String.valueOf(row.support()), num(row.baselineF1()),
          num(row.candidateF1()), Fmt.delta(row.delta(), 3));
    }
    perClass.right("support", "F1 baseline", "F1 candidate", "delta");
    perClass.color("delta", v -> v.equals("+0.000") ? Style.Color.NONE : v.startsWith("+") ? Style.Color.GREEN : Style.Color.RED);
    out.addAll(new TableRenderer(style).lines(perClass));
    out.add("");
    out.addAll(matrices(c, style));
    if (!c.candidateMetricsSource().isBlank()) {
      out.add(style.dim("candidate confusion matrix: " + c.candidateMetricsSource()));
    }
    return out;
  }

  /** Every row of an experiment: real-only arms, their generated twins with the paired gain, the classical baseline. */
  static Table rows(CompareResponse r) {
    Table t = Table.of("row", "accuracy", "gain over real-only twin (paired)", "p (paired t)", "McNemar p");
    List<CompareResponse> pairs = new ArrayList<>();
    pairs.add(r);
    pairs.addAll(r.getPairsList());
    pairs.sort(java.util.Comparator.comparing((CompareResponse x) -> !x.getPair().equals("scratch")));
    java.util.Set<String> shown = new java.util.HashSet<>();
    for (CompareResponse x : pairs) {
      ArmSummary b = x.getBaseline();
      if (shown.add(b.getLabel())) {
        t.row(b.getLabel(), armValue(b.getAccuracy(), b.getAccuracyCiLow(), b.getAccuracyCiHigh()), "", "", "");
      }
      ArmSummary a = x.getCandidate();
      t.row(a.getLabel(), armValue(a.getAccuracy(), a.getAccuracyCiLow(), a.getAccuracyCiHigh()),
          Comparison.of(x).accuracyDelta(), Fmt.pValue(x.getPValue()), Fmt.pValue(x.getMcnemarPValue()));
    }
    if (r.hasClassical()) {
      ArmSummary k = r.getClassical();
      t.row(k.getLabel(), armValue(k.getAccuracy(), k.getAccuracyCiLow(), k.getAccuracyCiHigh()), "", "", "");
    }
    t.color("gain over real-only twin (paired)",
        v -> v.isEmpty() || v.startsWith("+0.000") ? Style.Color.NONE : v.startsWith("+") ? Style.Color.GREEN
            : Style.Color.RED);
    return t;
  }

  static String armValue(double v, double lo, double hi) {
    return Fmt.num(v, 3) + " [" + Fmt.num(lo, 3) + ", " + Fmt.num(hi, 3) + "]";
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "-" : Fmt.num(v, 3);
  }

  /** Both confusion matrices side by side (rows = true class, columns = predicted). */
  static List<String> matrices(Comparison c, Style style) {
    List<String> left = matrix("baseline " + c.baselineName(), Comparison.matrix(c.baselineMetrics()));
    List<String> right = matrix("candidate " + c.candidateName(), Comparison.matrix(c.candidateMetrics()));
    int width = left.stream().mapToInt(String::length).max().orElse(0);
    List<String> out = new ArrayList<>();
    out.add(style.bold("confusion matrices") + style.dim(" (rows: true class, columns: predicted)"));
    for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
      String l = i < left.size() ? left.get(i) : "";
      String r = i < right.size() ? right.get(i) : "";
      out.add((l + " ".repeat(width - l.length()) + "    " + r).stripTrailing());
    }
    return out;
  }

  /** A titled 7x7 matrix, rows = true class; the first line is the title. */
  public static List<String> matrix(String title, int[][] m) {
    List<String> out = new ArrayList<>();
    out.add(title);
    if (m.length == 0) {
      out.add("(not available)");
      return out;
    }
    StringBuilder head = new StringBuilder(String.format("%-9s", ""));
    for (var e : Fmt.EMOTIONS) {
      head.append(String.format("%5s", Fmt.emotion(e).substring(0, 3)));
    }
    out.add(head.toString());
    for (int r = 0; r < m.length; r++) {
      StringBuilder sb = new StringBuilder(String.format("%-9s", Fmt.emotion(Fmt.EMOTIONS.get(r))));
      for (int v : m[r]) {
        sb.append(String.format("%5d", v));
      }
      out.add(sb.toString());
    }
    return out;
  }

}
