package io.emotioncluster.node.jobs;

import io.emotioncluster.api.v1.EvaluationMetrics;
import io.emotioncluster.api.v1.TrainRequest;

/** Does the work of one kind of job. Implementations run on a job thread and may block. */
public interface JobRunner {

  /** Refuses a request before it is queued (throws ServiceException INVALID_INPUT and friends). */
  void validate(TrainRequest request);

  /** Runs the job to completion; throws to fail, returns what it registered. */
  Outcome run(JobRun run) throws Exception;

  record Outcome(String versionId, EvaluationMetrics metrics, String message) {}
}
