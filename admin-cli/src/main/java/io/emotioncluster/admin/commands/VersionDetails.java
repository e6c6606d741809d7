package io.emotioncluster.admin.commands;

import io.emotioncluster.admin.output.Fmt;
import io.emotioncluster.admin.output.Style;
import io.emotioncluster.admin.output.Table;
import io.emotioncluster.admin.output.TableRenderer;
import io.emotioncluster.admin.report.Comparison;
import io.emotioncluster.admin.report.ComparisonText;
import io.emotioncluster.api.v1.ClassMetrics;
import io.emotioncluster.api.v1.EvaluationMetrics;
import io.emotioncluster.api.v1.ModelVersion;
import java.io.PrintWriter;

/** {@code versions show} on a terminal: metadata, test metrics per class, confusion matrix. */
final class VersionDetails {

  private VersionDetails() {}

  /** The metadata as field/value rows (also the CSV form). */
  static Table fields(ModelVersion v) {
    Table t = Table.of("field", "value");
    t.row("id", v.getId());
    t.row("kind", Fmt.lower(v.getKind()));
    t.row("stage", Fmt.lower(v.getStage()));
    t.row("name", v.getDisplayName());
    t.row("architecture", v.getArchitecture());
    t.row("input", v.getInput().getWidth() + "x" + v.getInput().getHeight() + "x" + v.getInput().getChannels()
        + (v.getInput().getNormalization().isEmpty() ? "" : " (" + v.getInput().getNormalization() + ")"));
    t.row("parameters", String.format(java.util.Locale.ROOT, "%,d", v.getParameterCount()));
    t.row("created", Fmt.time(v.getCreatedUnixMs()));
    t.row("parent", v.getParentVersion());
    t.row("source", v.getSource() + (v.getEngine().isEmpty() ? "" : " (" + v.getEngine() + ")"));
    if (!v.getLicense().isEmpty()) {
      t.row("license", v.getLicense());
    }
    EvaluationMetrics m = v.getMetrics();
    t.row("test accuracy", Fmt.num(m.getAccuracy(), 4));
    t.row("test macro-F1", Fmt.num(m.getMacroF1(), 4));
    t.row("test images", String.valueOf(m.getTestImages()));
    t.row("dataset", v.getDatasetFingerprint());
    t.row("test split", v.getSplitFingerprint());
    t.row("sha256", v.getSha256());
    t.row("parameters file", v.getParametersBytes() + " bytes");
    return t;
  }

  static void print(PrintWriter out, ModelVersion v, Style style) {
    Table f = fields(v);
    TableRenderer r = new TableRenderer(style);
    for (String line : r.lines(f).subList(1, f.rows().size() + 1)) { // no header for a record
      out.println(line);
    }
    EvaluationMetrics m = v.getMetrics();
    if (m.getPerClassCount() > 0) {
      out.println();
      Table pc = Table.of("class", "precision", "recall", "F1", "support");
      for (ClassMetrics c : m.getPerClassList()) {
        pc.row(Fmt.emotion(c.getEmotion()), Fmt.num(c.getPrecision(), 3), Fmt.num(c.getRecall(), 3),
            Fmt.num(c.getF1(), 3), String.valueOf(c.getSupport()));
      }
      r.print(out, pc.right("precision", "recall", "F1", "support"));
    }
    int[][] cm = Comparison.matrix(m);
    if (cm.length > 0) {
      out.println();
      out.println(style.bold("confusion matrix") + style.dim(" (rows: true class, columns: predicted)"));
      ComparisonText.matrix("", cm).stream().skip(1).forEach(out::println);
    }
    out.flush();
  }
}
