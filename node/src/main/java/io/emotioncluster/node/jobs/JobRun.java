package io.emotioncluster.node.jobs;

import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingProgress;
import java.nio.file.Path;

/** What a running job can see and say: its request, its directory, progress, cancellation. */
public interface JobRun {

  String jobId();

  TrainRequest request();

  /** The job's own directory (checkpoints live here), kept across restarts. */
  Path directory();

  void phase(String phase, String message);

  void progress(TrainingProgress progress);

  /** The job continues after the checkpoint of {@code epoch} (recorded in its JobInfo). */
  default void resumedFrom(int epoch) {
  }

  /** Progress with small sample images (generator jobs, now and then). */
  default void samples(TrainingProgress progress, java.util.List<io.emotioncluster.api.v1.SampleGrid> grids) {
    progress(progress);
  }

  /** True when an operator cancelled the job or the node is shutting down. */
  boolean cancelRequested();

  /**
   * True when the stop is the node shutting down rather than a cancel: the job must keep its
   * checkpoint, because it resumes when the node starts again.
   */
  boolean shuttingDown();
}
