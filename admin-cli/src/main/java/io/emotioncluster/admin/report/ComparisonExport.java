package io.emotioncluster.admin.report;

import io.emotioncluster.admin.output.Fmt;
import io.emotioncluster.admin.output.Json;
import io.emotioncluster.api.v1.ArmSummary;
import java.util.Locale;

/** The comparison as a file: Markdown, a self-contained HTML page, or the API's JSON. */
public final class ComparisonExport {

  /** {@code --export} formats. */
  public enum Kind {
    md, json, html;

    public static Kind parse(String s) {
      try {
        return valueOf(s.toLowerCase(Locale.ROOT).replace("markdown", "md"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown export format '" + s + "': use md, json or html");
      }
    }
  }

  private ComparisonExport() {}

  public static String render(Kind kind, Comparison c, String generatedBy) {
    return switch (kind) {
      case md -> markdown(c, generatedBy);
      case html -> html(c, generatedBy);
      case json -> Json.pretty(c.response()) + "\n";
    };
  }

  // ------------------------------------------------------------------------------------ Markdown

  public static String markdown(Comparison c, String generatedBy) {
    var r = c.response();
    StringBuilder sb = new StringBuilder();
    if (c.isExperiment() && !r.getMarkdown().isBlank()) { // the node's table in the paper's form
      sb.append("# Experiment ").append(r.getExperimentId()).append(": baseline vs augmented\n\n")
          .append(generatedBy).append("\n\n").append(r.getMarkdown()).append("\n## Confusion matrices (pooled over seeds)\n\n")
          .append("Rows: true class; columns: predicted class.\n\n");
      mdMatrix(sb, "Baseline", Comparison.matrix(c.baselineMetrics()));
      mdMatrix(sb, "Augmented", Comparison.matrix(c.candidateMetrics()));
      return sb.toString();
    }
    sb.append("# Comparison: ").append(c.baselineName()).append(" vs ").append(c.candidateName()).append("\n\n");
    sb.append("Test images: ").append(r.getTestImages());
    if (!r.getSplitFingerprint().isBlank()) {
      sb.append(" (split `").append(Fmt.shortHash(r.getSplitFingerprint())).append("`)");
    }
    sb.append("  \n").append(generatedBy).append("\n\n");
    sb.append("| | baseline ").append(c.baselineName()).append(" | candidate ").append(c.candidateName())
        .append(" | delta |\n|---|---|---|---|\n");
    sb.append("| accuracy | ").append(ci(c.baseline(), true)).append(" | ").append(ci(c.candidate(), true))
        .append(" | ").append(Fmt.delta(r.getAccuracyDelta(), 3)).append(" |\n");
    sb.append("| macro-F1 | ").append(ci(c.baseline(), false)).append(" | ").append(ci(c.candidate(), false))
        .append(" | ").append(Fmt.delta(c.candidate().getMacroF1() - c.baseline().getMacroF1(), 3)).append(" |\n\n");
    sb.append(c.isExperiment() ? "Values: mean over seeds [95% t-interval over seeds].  \n"
        : "Values: estimate [95% bootstrap interval].  \n");
    sb.append("**Significance:** ").append(c.significanceLine()).append(".\n\n");
    sb.append("## Per-class F1\n\n| class | support | baseline | candidate | delta |\n|---|---:|---:|---:|---:|\n");
    for (Comparison.ClassRow row : c.perClass()) {
      sb.append("| ").append(Fmt.emotion(row.emotion())).append(" | ").append(row.support()).append(" | ")
          .append(num(row.baselineF1())).append(" | ").append(num(row.candidateF1())).append(" | ")
          .append(Fmt.delta(row.delta(), 3)).append(" |\n");
    }
    sb.append("\n## Confusion matrices\n\nRows: true class; columns: predicted class.\n\n");
    mdMatrix(sb, "Baseline " + c.baselineName(), Comparison.matrix(c.baselineMetrics()));
    mdMatrix(sb, "Candidate " + c.candidateName(), Comparison.matrix(c.candidateMetrics()));
    if (!c.candidateMetricsSource().isBlank()) {
      sb.append("Candidate confusion matrix: ").append(c.candidateMetricsSource()).append(".\n");
    }
    return sb.toString();
  }

  private static void mdMatrix(StringBuilder sb, String title, int[][] m) {
    sb.append("### ").append(title).append("\n\n");
    if (m.length == 0) {
      sb.append("(not available)\n\n");
      return;
    }
    sb.append("| true \\ predicted |");
    Fmt.EMOTIONS.forEach(e -> sb.append(' ').append(Fmt.emotion(e)).append(" |"));
    sb.append("\n|---|").append("---:|".repeat(Fmt.EMOTIONS.size())).append('\n');
    for (int r = 0; r < m.length; r++) {
      sb.append("| ").append(Fmt.emotion(Fmt.EMOTIONS.get(r))).append(" |");
      for (int v : m[r]) {
        sb.append(' ').append(v).append(" |");
      }
      sb.append('\n');
    }
    sb.append('\n');
  }

  // ---------------------------------------------------------------------------------------- HTML

  public static String html(Comparison c, String generatedBy) {
    var r = c.response();
    StringBuilder sb = new StringBuilder();
    String title = "Comparison: " + c.baselineName() + " vs " + c.candidateName();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title))
        .append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
        .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}")
        .append(".pos{color:#1a7f37}.neg{color:#cf222e}.matrices{display:flex;gap:2em;flex-wrap:wrap}")
        .append(".sig{font-weight:bold}\n</style>\n</head>\n<body>\n");
    sb.append("<h1>").append(esc(title)).append("</h1>\n<p>Test images: ").append(r.getTestImages());
    if (!r.getSplitFingerprint().isBlank()) {
      sb.append(" (split <code>").append(esc(Fmt.shortHash(r.getSplitFingerprint()))).append("</code>)");
    }
    sb.append("<br>").append(esc(generatedBy)).append("</p>\n");
    sb.append("<table>\n<tr><th></th><th>baseline ").append(esc(c.baselineName())).append("</th><th>candidate ")
        .append(esc(c.candidateName())).append("</th><th>delta</th></tr>\n");
    sb.append("<tr><td>accuracy</td><td>").append(ci(c.baseline(), true)).append("</td><td>")
        .append(ci(c.candidate(), true)).append("</td>").append(deltaCell(r.getAccuracyDelta())).append("</tr>\n");
    sb.append("<tr><td>macro-F1</td><td>").append(ci(c.baseline(), false)).append("</td><td>")
        .append(ci(c.candidate(), false)).append("</td>")
        .append(deltaCell(c.candidate().getMacroF1() - c.baseline().getMacroF1())).append("</tr>\n</table>\n");
    sb.append("<p>Values: estimate [95% bootstrap interval].</p>\n<p class=\"sig\">").append(esc(c.significanceLine()))
        .append("</p>\n");
    sb.append("<h2>Per-class F1</h2>\n<table>\n<tr><th>class</th><th>support</th><th>baseline</th><th>candidate</th>"
        + "<th>delta</th></tr>\n");
    for (Comparison.ClassRow row : c.perClass()) {
      sb.append("<tr><td>").append(Fmt.emotion(row.emotion())).append("</td><td>").append(row.support())
          .append("</td><td>").append(num(row.baselineF1())).append("</td><td>").append(num(row.candidateF1()))
          .append("</td>").append(deltaCell(row.delta())).append("</tr>\n");
    }
    sb.append("</table>\n<h2>Confusion matrices</h2>\n<p>Rows: true class; columns: predicted class.</p>\n"
        + "<div class=\"matrices\">\n");
    htmlMatrix(sb, "Baseline " + c.baselineName(), Comparison.matrix(c.baselineMetrics()));
    htmlMatrix(sb, "Candidate " + c.candidateName(), Comparison.matrix(c.candidateMetrics()));
    sb.append("</div>\n");
    if (!c.candidateMetricsSource().isBlank()) {
      sb.append("<p>Candidate confusion matrix: ").append(esc(c.candidateMetricsSource())).append(".</p>\n");
    }
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  private static void htmlMatrix(StringBuilder sb, String title, int[][] m) {
    sb.append("<div>\n<h3>").append(esc(title)).append("</h3>\n");
    if (m.length == 0) {
      sb.append("<p>(not available)</p>\n</div>\n");
      return;
    }
    sb.append("<table>\n<tr><th>true \\ predicted</th>");
    Fmt.EMOTIONS.forEach(e -> sb.append("<th>").append(Fmt.emotion(e).substring(0, 3)).append("</th>"));
    sb.append("</tr>\n");
    for (int r = 0; r < m.length; r++) {
      int rowTotal = 0;
      for (int v : m[r]) {
        rowTotal += v;
      }
      sb.append("<tr><td>").append(Fmt.emotion(Fmt.EMOTIONS.get(r))).append("</td>");
      for (int col = 0; col < m[r].length; col++) {
        double share = rowTotal == 0 ? 0 : (double) m[r][col] / rowTotal;
        String hue = r == col ? "26,127,55" : "207,34,46";
        sb.append("<td style=\"background:rgba(").append(hue).append(',')
            .append(String.format(Locale.ROOT, "%.2f", share * 0.6)).append(")\">").append(m[r][col]).append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</table>\n</div>\n");
  }

  private static String deltaCell(double d) {
    String s = Fmt.delta(d, 3);
    String cls = s.equals("+0.000") ? "" : d > 0 ? " class=\"pos\"" : " class=\"neg\"";
    return "<td" + cls + ">" + s + "</td>";
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String ci(ArmSummary a, boolean accuracy) {
    return accuracy ? ComparisonText.armValue(a.getAccuracy(), a.getAccuracyCiLow(), a.getAccuracyCiHigh())
        : ComparisonText.armValue(a.getMacroF1(), a.getMacroF1CiLow(), a.getMacroF1CiHigh());
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "-" : Fmt.num(v, 3);
  }

}
