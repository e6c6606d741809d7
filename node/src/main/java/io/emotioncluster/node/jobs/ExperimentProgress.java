package io.emotioncluster.node.jobs;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * Progress and remaining time of a whole experiment: its classifier runs in the order they run,
 * each with its amount of work (training images x epochs: an augmented arm trains on more images,
 * so it takes longer).
 *
 * <p>The remaining time is the current run's own estimate (its trainer's, which falls as its epochs
 * finish) plus the work of the runs still to come at the measured seconds per unit of work: that of
 * the finished runs, or before any finished, the current run's projection. Unlike an average over
 * the time elapsed since the job began (which grows while a run is in progress), this falls from
 * event to event and moves otherwise only when a finished run corrects the rate.
 */
final class ExperimentProgress {

  private final double[] work;
  private final LongSupplier nanoClock;
  private double finishedSeconds;
  private double finishedWork;
  private int done;
  private long runStarted = -1;

  /** @param work the work of every run (training images x epochs), in the order they run */
  ExperimentProgress(List<Double> work, LongSupplier nanoClock) {
    this.work = work.stream().mapToDouble(Double::doubleValue).toArray();
    this.nanoClock = nanoClock;
  }

  ExperimentProgress(List<Double> work) {
    this(work, System::nanoTime);
  }

  int total() {
    return work.length;
  }

  /** Runs finished (or found registered by an earlier attempt). */
  int done() {
    return done;
  }

  /** The next run was registered by an earlier attempt of the job: counted, not timed. */
  void skipped() {
    done++;
  }

  void runStarted() {
    runStarted = nanoClock.getAsLong();
  }

  void runFinished() {
    if (runStarted >= 0 && done < work.length) {
      finishedSeconds += (nanoClock.getAsLong() - runStarted) / 1e9;
      finishedWork += work[done];
    }
    runStarted = -1;
    done++;
  }

  /**
   * Seconds left for the whole experiment, during the current run.
   *
   * @param currentRunEta the current run's own estimate of its remaining seconds
   */
  long eta(long currentRunEta) {
    double rate;
    if (finishedWork > 0) {
      rate = finishedSeconds / finishedWork;
    } else {
      double inRun = runStarted < 0 ? 0 : (nanoClock.getAsLong() - runStarted) / 1e9;
      rate = done < work.length && work[done] > 0 ? (inRun + currentRunEta) / work[done] : 0;
    }
    double left = currentRunEta;
    for (int i = done + 1; i < work.length; i++) {
      left += rate * work[i];
    }
    return Math.round(left);
  }
}
