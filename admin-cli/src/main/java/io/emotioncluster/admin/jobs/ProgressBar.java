package io.emotioncluster.admin.jobs;

import io.emotioncluster.admin.output.Fmt;
import io.emotioncluster.admin.output.Style;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.TrainingProgress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one-line live view of a running job, redrawn in place on a terminal:
 * {@code job-1a2b3c4d training [########--------] epoch 3/6 loss 1.234 acc 0.612 val 0.580 412 img/s ETA 1m05s}.
 * Fields that do not fit the width are dropped, least important first.
 */
public final class ProgressBar {

  private ProgressBar() {}

  private record Part(String text, String styled, int priority) { }

  /**
   * @param e       the latest event of the job
   * @param nowMs   the local clock, to count the node's ETA down between events
   * @param width   the terminal's width
   */
  public static String line(JobEvent e, long nowMs, int width, Style style) {
    TrainingProgress p = e.getProgress();
    List<Part> parts = new ArrayList<>();
    parts.add(part(e.getJobId(), style.dim(e.getJobId()), 5));
    parts.add(part(e.getPhase(), style.cyan(e.getPhase()), 0));
    boolean epochs = p.getTotalEpochs() > 0;
    if (epochs) {
      parts.add(part(bar(p.getEpoch(), p.getTotalEpochs(), 20), null, 3));
      parts.add(part("epoch " + p.getEpoch() + "/" + p.getTotalEpochs(), null, 1));
    }
    if (p.getEpoch() > 0) {
      parts.add(part("loss " + Fmt.num(p.getLoss(), 3), null, 2));
      parts.add(part("acc " + Fmt.num(p.getTrainAccuracy(), 3), null, 4));
      parts.add(part("val " + Fmt.num(p.getValidationAccuracy(), 3), null, 4));
      parts.add(part(Math.round(p.getImagesPerSecond()) + " img/s", null, 7));
      long eta = eta(e, nowMs);
      if (eta > 0) {
        parts.add(part("ETA " + Fmt.duration(eta), null, 6));
      }
    }
    int limit = Math.max(20, width - 1);
    while (length(parts) > limit && parts.size() > 1) {
      Part drop = parts.stream().max(Comparator.comparingInt(Part::priority)).orElseThrow();
      parts.remove(drop);
    }
    StringBuilder sb = new StringBuilder();
    for (Part part : parts) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(part.styled() == null ? part.text() : part.styled());
    }
    return sb.toString();
  }

  /** The node's ETA (sent at the end of each epoch) minus the time since that event, never below 0. */
  public static long eta(JobEvent e, long nowMs) {
    long eta = e.getProgress().getEtaS();
    if (eta <= 0) {
      return 0;
    }
    long since = e.getTimeUnixMs() > 0 ? Math.max(0, (nowMs - e.getTimeUnixMs()) / 1000) : 0;
    return Math.max(0, eta - since);
  }

  /** {@code [#####-----]} with {@code width} cells filled in proportion. */
  public static String bar(long done, long total, int width) {
    int filled = total <= 0 ? 0 : (int) Math.min(width, Math.round((double) done / total * width));
    return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
  }

  /** The line kept in the scrollback when an epoch ends. */
  public static String epochLine(TrainingProgress p) {
    return "  epoch " + p.getEpoch() + "/" + p.getTotalEpochs()
        + "  loss " + Fmt.num(p.getLoss(), 4)
        + "  acc " + Fmt.num(p.getTrainAccuracy(), 3)
        + "  val acc " + Fmt.num(p.getValidationAccuracy(), 3)
        + "  " + Math.round(p.getImagesPerSecond()) + " img/s"
        + (p.getEtaS() > 0 ? "  ETA " + Fmt.duration(p.getEtaS()) : "");
  }

  private static Part part(String text, String styled, int priority) {
    return new Part(text, styled, priority);
  }

  private static int length(List<Part> parts) {
    return parts.stream().mapToInt(p -> p.text().length()).sum() + Math.max(0, parts.size() - 1);
  }
}
