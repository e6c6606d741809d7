package io.emotioncluster.node.jobs;

import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobInfo;
import io.emotioncluster.api.v1.JobKind;
import io.emotioncluster.api.v1.JobState;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingProgress;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.training.TrainingCancelledException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training jobs on this node: a bounded number run at once, the rest wait QUEUED. Every event is
 * recorded (the job record survives restarts) and fanned out to watchers; a watcher that joins
 * late gets the current state first. Jobs found QUEUED or RUNNING at start-up were interrupted by
 * a crash and are queued again: their runner resumes from the last checkpoint.
 */
public final class JobManager implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
  private static final Set<JobState> TERMINAL = Set.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED);

  private final JobStore store;
  private final Map<JobKind, JobRunner> runners;
  private final String nodeId;
  private final int maxQueued;
  private final ExecutorService executor;
  private final Map<String, Live> live = new ConcurrentHashMap<>();
  private volatile boolean shuttingDown;

  /** A job that has not ended: its watchers and cancel flag. */
  private static final class Live {
    final List<Consumer<JobEvent>> watchers = new CopyOnWriteArrayList<>();
    final AtomicBoolean cancel = new AtomicBoolean();
    JobInfo info;

    Live(JobInfo info) {
      this.info = info;
    }
  }

  public JobManager(JobStore store, Map<JobKind, JobRunner> runners, String nodeId, int concurrentJobs, int maxQueued) {
    this.store = store;
    this.runners = runners;
    this.nodeId = nodeId;
    this.maxQueued = maxQueued;
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(concurrentJobs, r -> {
      Thread t = new Thread(r, "job-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues again the jobs a previous run of this node left unfinished. */
  public void resumeInterrupted() {
    for (JobInfo job : store.all()) {
      if (job.getState() == JobState.QUEUED || job.getState() == JobState.RUNNING) {
        LOG.info("job {} was {} when the node stopped: queueing it again (it resumes from its last checkpoint)",
            job.getJobId(), job.getState());
        Live l = new Live(job);
        live.put(job.getJobId(), l);
        emit(l, event(job.getJobId(), JobState.QUEUED, "queued",
            "node restarted; the job resumes from its last checkpoint"));
        executor.execute(() -> execute(job.getJobId()));
      }
    }
  }

  /** Validates, records and queues a job; returns its record (state QUEUED). */
  public JobInfo submit(TrainRequest request) {
    JobKind kind = kindOf(request);
    JobRunner runner = runners.get(kind);
    if (runner == null) {
      throw new ServiceException(ServiceException.Kind.UNIMPLEMENTED, kind.name().toLowerCase()
          + " jobs are not available on this node version yet; CLASSIFIER_TRAINING is");
    }
    runner.validate(request);
    long waiting = live.values().stream().filter(l -> l.info.getState() == JobState.QUEUED).count();
    if (waiting >= maxQueued) {
      throw ServiceException.overloaded(waiting + " jobs are already queued on this node (limit " + maxQueued
          + "); wait for some to finish or cancel them");
    }
    String id = "job-" + UUID.randomUUID().toString().substring(0, 8);
    JobInfo info = JobInfo.newBuilder()
        .setJobId(id)
        .setKind(kind)
        .setState(JobState.QUEUED)
        .setDisplayName(request.getDisplayName())
        .setNodeId(nodeId)
        .setCreatedUnixMs(System.currentTimeMillis())
        .setRequest(request)
        .build();
    Live l = new Live(info);
    live.put(id, l);
    emit(l, event(id, JobState.QUEUED, "accepted", "job accepted; waiting for a training slot"));
    JobInfo accepted = l.info; // before it can start running
    executor.execute(() -> execute(id));
    LOG.info("job {} accepted ({}, {})", id, kind, request.getDisplayName());
    return accepted;
  }

  private void execute(String id) {
    Live l = live.get(id);
    if (l == null || shuttingDown) {
      return; // cancelled while queued (already recorded), or the node is stopping: stays QUEUED
    }
    JobRunner runner = runners.get(l.info.getKind());
    synchronized (l) {
      if (isTerminal(l.info.getState())) {
        return; // cancelled between leaving the queue and starting: must not be recorded RUNNING again
      }
      l.info = l.info.toBuilder().setStartedUnixMs(System.currentTimeMillis()).setNodeId(nodeId).build();
    }
    emit(l, event(id, JobState.RUNNING, "starting", "running on node " + nodeId));
    try {
      JobRunner.Outcome outcome = runner.run(new RunContext(l));
      JobEvent done = event(id, JobState.SUCCEEDED, "done", outcome.message()).toBuilder()
          .setVersionId(outcome.versionId())
          .setMetrics(outcome.metrics())
          .build();
      finish(l, done, outcome.versionId());
    } catch (TrainingCancelledException e) {
      if (shuttingDown && !l.cancel.get()) {
        LOG.info("job {} stopped by the node shutting down; it resumes from its checkpoint at the next start", id);
        return; // the record stays RUNNING, which is what resumeInterrupted looks for
      }
      finish(l, event(id, JobState.CANCELLED, "cancelled", "cancelled; nothing registered"), null);
    } catch (ServiceException e) {
      finish(l, event(id, JobState.FAILED, "failed", e.getMessage()), null);
    } catch (Exception | Error e) {
      if (shuttingDown) {
        LOG.info("job {} interrupted by the node shutting down ({}); it resumes at the next start", id, e.toString());
        return;
      }
      LOG.error("job {} failed", id, e);
      finish(l, event(id, JobState.FAILED, "failed", "job failed: " + e), null);
    }
  }

  private void finish(Live l, JobEvent last, String versionId) {
    synchronized (l) {
      if (isTerminal(l.info.getState())) {
        return; // already ended (a queued job cancelled before it ran)
      }
      JobInfo.Builder b = l.info.toBuilder().setFinishedUnixMs(System.currentTimeMillis());
      if (versionId != null) {
        b.setVersionId(versionId);
      }
      if (last.getState() == JobState.FAILED) {
        b.setError(last.getMessage());
      }
      l.info = b.build();
    }
    if (!last.hasProgress() && l.info.getLastEvent().hasProgress()) {
      last = last.toBuilder().setProgress(l.info.getLastEvent().getProgress()).build(); // "epoch 6/6" stays visible
    }
    emit(l, last);
    live.remove(l.info.getJobId());
    LOG.info("job {} {}: {}", l.info.getJobId(), last.getState(), last.getMessage());
  }

  private void emit(Live l, JobEvent e) {
    List<Consumer<JobEvent>> targets;
    synchronized (l) {
      boolean persist = e.getState() != l.info.getState() || !e.getPhase().equals(l.info.getLastEvent().getPhase())
          || e.getProgress().getEpoch() != l.info.getLastEvent().getProgress().getEpoch()
          || TERMINAL.contains(e.getState());
      l.info = l.info.toBuilder().setState(e.getState()).setLastEvent(e).build();
      if (persist) {
        store.save(l.info);
      }
      targets = List.copyOf(l.watchers);
    }
    for (Consumer<JobEvent> w : targets) {
      try {
        w.accept(e);
      } catch (RuntimeException ex) {
        LOG.warn("a watcher of job {} failed: {}", l.info.getJobId(), ex.toString());
      }
    }
  }

  /**
   * Sends the job's current state to {@code watcher} at once, then every later event; the last
   * one has a terminal state. Returns the handle that stops watching.
   */
  public Runnable watch(String jobId, Consumer<JobEvent> watcher) {
    Live l = live.get(jobId);
    if (l != null) {
      synchronized (l) {
        if (live.containsKey(jobId)) {
          watcher.accept(l.info.getLastEvent());
          l.watchers.add(watcher);
          return () -> l.watchers.remove(watcher);
        }
      }
    }
    JobInfo done = require(jobId);
    watcher.accept(done.getLastEvent());
    return () -> { };
  }

  public JobInfo cancel(String jobId) {
    Live l = live.get(jobId);
    if (l == null) {
      JobInfo job = require(jobId);
      throw ServiceException.precondition("job " + jobId + " already ended (" + job.getState() + "); nothing to cancel");
    }
    l.cancel.set(true);
    LOG.info("job {} cancel requested", jobId);
    synchronized (l) {
      if (l.info.getState() == JobState.QUEUED) {
        // not started: end it now rather than when a training slot reaches it
        finish(l, event(jobId, JobState.CANCELLED, "cancelled", "cancelled before it started; nothing registered"), null);
      }
    }
    return l.info;
  }

  public JobInfo require(String jobId) {
    Live l = live.get(jobId);
    if (l != null) {
      return l.info;
    }
    return store.get(jobId).orElseThrow(() -> ServiceException.notFound("job '" + jobId
        + "' does not exist; ListJobs shows the known ones"));
  }

  /** Newest first; live state wins over the stored record. */
  public List<JobInfo> list(Collection<JobState> states, int limit) {
    return store.all().stream()
        .map(j -> live.containsKey(j.getJobId()) ? live.get(j.getJobId()).info : j)
        .filter(j -> states == null || states.isEmpty() || states.contains(j.getState()))
        .limit(limit <= 0 ? 50 : limit)
        .toList();
  }

  public int running() {
    return (int) live.values().stream().filter(l -> l.info.getState() == JobState.RUNNING).count();
  }

  /** Whether a queued or running job builds on this version (it must not be deleted). */
  public boolean usesVersion(String versionId) {
    return live.values().stream().map(l -> l.info.getRequest()).anyMatch(r -> versionId.equals(r.getBase().getVersionId())
        || versionId.equals(r.getAugmentation().getGeneratorVersion())
        || versionId.equals(r.getExperiment().getAugmented().getGeneratorVersion()));
  }

  public static boolean isTerminal(JobState s) {
    return TERMINAL.contains(s);
  }

  static JobKind kindOf(TrainRequest r) {
    return r.getKind() == JobKind.JOB_KIND_UNSPECIFIED ? JobKind.CLASSIFIER_TRAINING : r.getKind();
  }

  static JobEvent event(String id, JobState state, String phase, String message) {
    return JobEvent.newBuilder().setJobId(id).setTimeUnixMs(System.currentTimeMillis()).setState(state)
        .setPhase(phase).setMessage(message == null ? "" : message).build();
  }

  /**
   * Stops running jobs cooperatively at their next step, leaving them RUNNING on disk with their
   * checkpoints so that the next start resumes them.
   */
  @Override
  public void close() {
    shuttingDown = true;
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private final class RunContext implements JobRun {
    private final Live l;

    RunContext(Live l) {
      this.l = l;
    }

    @Override
    public String jobId() {
      return l.info.getJobId();
    }

    @Override
    public TrainRequest request() {
      return l.info.getRequest();
    }

    @Override
    public Path directory() {
      return store.directory(jobId());
    }

    @Override
    public void phase(String phase, String message) {
      emit(l, event(jobId(), JobState.RUNNING, phase, message).toBuilder()
          .setProgress(l.info.getLastEvent().getProgress()).build());
    }

    @Override
    public void progress(TrainingProgress progress) {
      emit(l, event(jobId(), JobState.RUNNING, "training", "").toBuilder().setProgress(progress).build());
    }

    @Override
    public boolean cancelRequested() {
      return l.cancel.get() || shuttingDown;
    }

    @Override
    public boolean shuttingDown() {
      return shuttingDown;
    }
  }
}
