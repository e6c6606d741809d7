package io.emotioncluster.node.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentProgressTest {

  private long now;

  /**
   * Six runs of 8 epochs: baseline arms 100 images at 10 s per epoch, augmented ones 200 images at
   * 20 s, each run's trainer estimating its own remaining time exactly. The old estimate (elapsed
   * time per finished run) grew while epochs finished (issue 13: 1503 s to 1600 s over run 2);
   * this one is the true remaining time at every event, so it falls from each to the next.
   */
  @Test
  void theWholeJobsRemainingTimeFallsFromEventToEvent() {
    List<String> arms = List.of("baseline", "augmented", "baseline", "augmented", "baseline", "augmented");
    List<Double> work = arms.stream().map(a -> a.equals("baseline") ? 100.0 * 8 : 200.0 * 8).toList();
    ExperimentProgress progress = new ExperimentProgress(work, () -> now);
    List<Long> etas = new ArrayList<>();
    long total = 3 * 8 * 10 + 3 * 8 * 20;
    long elapsed = 0;
    for (String arm : arms) {
      int perEpoch = arm.equals("baseline") ? 10 : 20;
      progress.runStarted();
      for (int epoch = 1; epoch <= 8; epoch++) {
        now += perEpoch * 1_000_000_000L;
        elapsed += perEpoch;
        long eta = progress.eta((long) (8 - epoch) * perEpoch);
        assertThat(eta).as("run %s epoch %d", arm, epoch).isEqualTo(total - elapsed);
        etas.add(eta);
      }
      progress.runFinished();
    }
    for (int i = 1; i < etas.size(); i++) {
      assertThat(etas.get(i)).as("event %d: %s", i, etas).isLessThan(etas.get(i - 1));
    }
    assertThat(progress.done()).isEqualTo(progress.total());
  }

  @Test
  void runsRegisteredByAnEarlierAttemptCountButAreNotTimed() {
    ExperimentProgress progress = new ExperimentProgress(List.of(10.0, 10.0, 20.0), () -> now);
    progress.skipped();
    progress.runStarted();
    now += 5_000_000_000L;
    assertThat(progress.eta(5)).as("5 s left in this run + a run of twice its work").isEqualTo(25);
    progress.runFinished();
    assertThat(progress.done()).isEqualTo(2);
    progress.runStarted();
    assertThat(progress.eta(20)).isEqualTo(20);
  }
}
