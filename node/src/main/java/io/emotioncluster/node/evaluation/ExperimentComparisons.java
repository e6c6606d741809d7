package io.emotioncluster.node.evaluation;

import io.emotioncluster.api.v1.CompareResponse;
import io.emotioncluster.api.v1.JobInfo;
import io.emotioncluster.api.v1.JobKind;
import io.emotioncluster.node.ServiceException;
import java.util.function.Function;

/**
 * Compare by experiment id: the stored comparison of a finished experiment, or an error that says
 * why there is none yet (still running, failed, cancelled, not an experiment, unknown).
 */
public final class ExperimentComparisons {

  private final ExperimentResults results;
  private final Function<String, JobInfo> jobs;

  /** @param jobs looks a job up; throws ServiceException NOT_FOUND for an unknown id */
  public ExperimentComparisons(ExperimentResults results, Function<String, JobInfo> jobs) {
    this.results = results;
    this.jobs = jobs;
  }

  public CompareResponse compare(String experimentId) {
    String id = experimentId.trim();
    var stored = results.load(id);
    if (stored.isPresent()) {
      return stored.get();
    }
    JobInfo job;
    try {
      job = jobs.apply(id);
    } catch (ServiceException e) {
      if (e.kind() == ServiceException.Kind.NOT_FOUND) {
        throw ServiceException.notFound("experiment '" + id + "' does not exist; ListJobs shows the jobs (experiments "
            + "have kind EXPERIMENT)");
      }
      throw e;
    }
    if (job.getKind() != JobKind.EXPERIMENT) {
      throw ServiceException.invalid("job " + id + " is a " + job.getKind().name().toLowerCase() + " job, not an "
          + "experiment; compare the version it registered with baseline_version and candidate_version");
    }
    var last = job.getLastEvent();
    String where = last.getProgress().getTotalSteps() > 0
        ? last.getProgress().getStep() + " of " + last.getProgress().getTotalSteps() + " classifier runs done" : "no run done yet";
    String what = last.getMessage().isBlank() ? last.getPhase() : last.getPhase() + ": " + last.getMessage();
    switch (job.getState()) {
      case QUEUED, RUNNING -> throw ServiceException.precondition("experiment " + id + " is still " + job.getState()
          + " (" + where + "; " + what + "); its comparison exists once it SUCCEEDS, WatchJob follows it");
      case FAILED -> throw ServiceException.precondition("experiment " + id + " FAILED (" + job.getError()
          + "); it has no comparison. Its finished runs stay registered (tag experiment=" + id + ")");
      case CANCELLED -> throw ServiceException.precondition("experiment " + id + " was CANCELLED (" + where
          + "); it has no comparison");
      default -> throw ServiceException.precondition("experiment " + id + " is " + job.getState() + " but its stored "
          + "comparison is missing from " + results.directory() + "; restore that directory from a backup");
    }
  }
}
