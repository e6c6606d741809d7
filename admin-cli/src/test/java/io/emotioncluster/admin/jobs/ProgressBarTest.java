package io.emotioncluster.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.admin.output.Style;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobState;
import io.emotioncluster.api.v1.TrainingProgress;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  static final long T0 = 1_700_000_000_000L;

  static JobEvent epoch(int epoch, int total, long etaS) {
    return JobEvent.newBuilder().setJobId("job-1a2b3c4d").setTimeUnixMs(T0).setState(JobState.RUNNING)
        .setPhase("training").setProgress(TrainingProgress.newBuilder().setEpoch(epoch).setTotalEpochs(total)
            .setLoss(1.23456f).setTrainAccuracy(0.612f).setValidationAccuracy(0.58f).setImagesPerSecond(412.4f)
            .setEtaS(etaS)).build();
  }

  @Test
  void aWideTerminalShowsEveryField() {
    assertThat(ProgressBar.line(epoch(3, 6, 65), T0, 160, Style.PLAIN)).isEqualTo(
        "job-1a2b3c4d training [##########----------] epoch 3/6 loss 1.235 acc 0.612 val 0.580 412 img/s ETA 1m05s");
  }

  @Test
  void theEtaCountsDownBetweenEpochReportsAndNeverGoesNegative() {
    assertThat(ProgressBar.line(epoch(3, 6, 65), T0 + 20_000, 160, Style.PLAIN)).endsWith("ETA 45s");
    assertThat(ProgressBar.line(epoch(3, 6, 65), T0 + 90_000, 160, Style.PLAIN)).doesNotContain("ETA");
    assertThat(ProgressBar.eta(epoch(1, 2, 10), T0 - 5000)).isEqualTo(10);
  }

  @Test
  void aNarrowTerminalDropsTheLeastImportantFieldsFirst() {
    String line = ProgressBar.line(epoch(3, 6, 65), T0, 60, Style.PLAIN);
    assertThat(line.length()).isLessThan(60);
    assertThat(line).contains("training").contains("epoch 3/6").contains("loss 1.235").doesNotContain("img/s")
        .doesNotContain("job-1a2b3c4d");
    assertThat(ProgressBar.line(epoch(3, 6, 65), T0, 20, Style.PLAIN)).isEqualTo("training epoch 3/6");
  }

  @Test
  void beforeTheFirstEpochThereIsOnlyThePhase() {
    JobEvent loading = JobEvent.newBuilder().setJobId("job-1").setPhase("loading-data").setState(JobState.RUNNING).build();
    assertThat(ProgressBar.line(loading, T0, 100, Style.PLAIN)).isEqualTo("job-1 loading-data");
    assertThat(ProgressBar.bar(0, 0, 4)).isEqualTo("[----]");
    assertThat(ProgressBar.bar(5, 4, 4)).isEqualTo("[####]");
  }

  @Test
  void epochLinesStayInTheScrollback() {
    assertThat(ProgressBar.epochLine(epoch(2, 6, 30).getProgress()))
        .isEqualTo("  epoch 2/6  loss 1.2346  acc 0.612  val acc 0.580  412 img/s  ETA 30s");
  }

  @Test
  void plainEventLinesAreKeyValueForLogs() {
    assertThat(EventLine.format(epoch(1, 2, 3))).isEqualTo("2023-11-14T22:13:20Z job-1a2b3c4d RUNNING training "
        + "epoch=1/2 loss=1.2346 acc=0.6120 val_acc=0.5800 img_s=412.4 eta_s=3");
    JobEvent done = JobEvent.newBuilder().setJobId("job-1").setTimeUnixMs(T0).setState(JobState.SUCCEEDED)
        .setPhase("done").setVersionId("v7").setMessage("registered v7").build();
    assertThat(EventLine.format(done)).isEqualTo("2023-11-14T22:13:20Z job-1 SUCCEEDED done version=v7: registered v7");
    JobEvent phase = JobEvent.newBuilder().setJobId("job-1").setState(JobState.RUNNING).setPhase("loading-data")
        .setMessage("loading synthfacs").build();
    assertThat(EventLine.format(phase)).isEqualTo("- job-1 RUNNING loading-data: loading synthfacs");
    JobEvent gan = JobEvent.newBuilder().setJobId("job-1").setTimeUnixMs(T0).setState(JobState.RUNNING)
        .setPhase("training").setProgress(TrainingProgress.newBuilder().setStep(200).setTotalSteps(600)
            .setGeneratorLoss(0.9f).setDiscriminatorLoss(1.25f).setImagesPerSecond(40f).setEtaS(160)).build();
    assertThat(EventLine.format(gan)).isEqualTo("2023-11-14T22:13:20Z job-1 RUNNING training "
        + "step=200/600 g_loss=0.9000 d_loss=1.2500 img_s=40.0 eta_s=160");
  }
}
