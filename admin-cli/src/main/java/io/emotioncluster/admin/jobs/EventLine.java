package io.emotioncluster.admin.jobs;

import io.emotioncluster.admin.output.Fmt;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.TrainingProgress;

/**
 * One plain line per job event, for logs and pipes (no terminal):
 * {@code 2025-01-02T10:00:00Z job-1a2b3c4d RUNNING training epoch=1/2 loss=1.9459 acc=0.1430 val_acc=0.1670 img_s=233.1 eta_s=2}.
 */
public final class EventLine {

  private EventLine() {}

  public static String format(JobEvent e) {
    StringBuilder sb = new StringBuilder();
    sb.append(e.getTimeUnixMs() > 0 ? Fmt.time(e.getTimeUnixMs()) : "-").append(' ')
        .append(e.getJobId()).append(' ')
        .append(e.getState().name()).append(' ')
        .append(e.getPhase());
    TrainingProgress p = e.getProgress();
    boolean epochReport = e.getPhase().equals("training") && e.getMessage().isEmpty() && p.getEpoch() > 0;
    if (epochReport) {
      sb.append(" epoch=").append(p.getEpoch()).append('/').append(p.getTotalEpochs())
          .append(" loss=").append(Fmt.num(p.getLoss(), 4))
          .append(" acc=").append(Fmt.num(p.getTrainAccuracy(), 4))
          .append(" val_acc=").append(Fmt.num(p.getValidationAccuracy(), 4))
          .append(" img_s=").append(Fmt.num(p.getImagesPerSecond(), 1))
          .append(" eta_s=").append(p.getEtaS());
    } else if (e.getPhase().equals("training") && e.getMessage().isEmpty() && p.getTotalSteps() > 0) {
      // generator jobs report optimizer steps and both losses instead of epochs
      sb.append(" step=").append(p.getStep()).append('/').append(p.getTotalSteps())
          .append(" g_loss=").append(Fmt.num(p.getGeneratorLoss(), 4))
          .append(" d_loss=").append(Fmt.num(p.getDiscriminatorLoss(), 4))
          .append(" img_s=").append(Fmt.num(p.getImagesPerSecond(), 1))
          .append(" eta_s=").append(p.getEtaS());
    }
    if (!e.getVersionId().isEmpty()) {
      sb.append(" version=").append(e.getVersionId());
    }
    if (!e.getMessage().isEmpty()) {
      sb.append(": ").append(e.getMessage());
    }
    return sb.toString();
  }
}
