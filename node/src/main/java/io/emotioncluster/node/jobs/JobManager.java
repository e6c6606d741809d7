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
  // Cluster hooks: which stored jobs this node resumes, who hears about record changes, where
  // new jobs run and how a job on another node is cancelled. Defaults are the standalone ones.
  private volatile java.util.function.Predicate<JobInfo> resumable = j -> true;
  private final List<Consumer<JobInfo>> recordListeners = new CopyOnWriteArrayList<>();
  private volatile java.util.function.Function<TrainRequest, String> placement = r -> null;
  private volatile Consumer<JobInfo> remoteCancel = j -> { };
  private final List<Consumer<JobEvent>> listeners = new CopyOnWriteArrayList<>();

  /** A job that has not ended: its watchers and cancel flag. */
  private static final class Live {
    final List<Consumer<JobEvent>> watchers = new CopyOnWriteArrayList<>();
    final AtomicBoolean cancel = new AtomicBoolean();
    JobInfo info;
    /** Runs on another node: this one only mirrors its record for local watchers. */
    volatile boolean foreign;

    Live(JobInfo info) {
      this.info = info;
    }
  }

  public JobManager(JobStore store, Map<JobKind, JobRunner> runners, String nodeId, int concurrentJobs, int maxQueued) {
    this.store = store;
    this.runners = runners;
    this.nodeId = nodeId;
    this.maxQueued = maxQueued;
    this.executor = Executors.newFixedThreadPool(concurrentJobs, io.emotioncluster.node.DaemonThreads.named("job"));
  }

  /** Receives every event of every job (metrics); must be quick and not throw. */
  public void observe(Consumer<JobEvent> listener) {
    listeners.add(listener);
  }

  /** Queues again the jobs a previous run of this node left unfinished. */
  public void resumeInterrupted() {
    for (JobInfo job : store.all()) {
      if ((job.getState() == JobState.QUEUED || job.getState() == JobState.RUNNING) && resumable.test(job)) {
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
    String target = placement.apply(request);
    JobInfo info = JobInfo.newBuilder()
        .setJobId(id)
        .setKind(kind)
        .setState(JobState.QUEUED)
        .setDisplayName(request.getDisplayName())
        .setNodeId(target == null ? nodeId : target)
        .setCreatedUnixMs(System.currentTimeMillis())
        .setRequest(request)
        .build();
    if (target != null && !target.equals(nodeId)) {
      return placeRemotely(info, target);
    }
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
    if (l == null || l.foreign || shuttingDown) {
      return; // cancelled while queued (already recorded), or the node is stopping: stays QUEUED
    }
    org.slf4j.MDC.put("job_id", id); // every log line of the job's thread carries its id
    try {
      run(l, id);
    } finally {
      org.slf4j.MDC.remove("job_id");
    }
  }

  private void run(Live l, String id) {
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
    if (!l.foreign) {
      JobInfo snapshot = l.info;
      recordListeners.forEach(r -> r.accept(snapshot));
      for (Consumer<JobEvent> w : listeners) { // metrics: jobs that run here only
        try {
          w.accept(e);
        } catch (RuntimeException ex) {
          LOG.warn("a job listener failed: {}", ex.toString());
        }
      }
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
    if (l.foreign) {
      remoteCancel.accept(l.info);
      return l.info;
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
    return (int) live.values().stream().filter(l -> !l.foreign && l.info.getState() == JobState.RUNNING).count();
  }

  /** Jobs queued or running on this node (not mirrored ones). */
  public int active() {
    return (int) live.values().stream().filter(l -> !l.foreign).count();
  }

  // ---- cluster hooks ----------------------------------------------------------------------

  /** Which interrupted jobs found at start-up this node resumes (clustered: only its own). */
  public void resumeOnly(java.util.function.Predicate<JobInfo> filter) {
    this.resumable = filter;
  }

  /** Called with this node's job record after each change of one of its own jobs. */
  public void onRecord(Consumer<JobInfo> listener) {
    recordListeners.add(listener);
  }

  /** Chooses the node for a new job (null or this node's id: run here). May block. */
  public void usePlacement(java.util.function.Function<TrainRequest, String> chooser) {
    this.placement = chooser;
  }

  /** How a cancel for a job running on another node is passed on. */
  public void useRemoteCancel(Consumer<JobInfo> forward) {
    this.remoteCancel = forward;
  }

  /** Records a job placed on another node and mirrors it; its record is published to the cluster. */
  private JobInfo placeRemotely(JobInfo info, String target) {
    JobInfo placed = info.toBuilder().setLastEvent(event(info.getJobId(), JobState.QUEUED, "accepted",
        "job accepted; placed on node " + target)).build();
    mirror(placed);
    recordListeners.forEach(r -> r.accept(placed));
    LOG.info("job {} accepted and placed on node {}", info.getJobId(), target);
    return placed;
  }

  /**
   * The latest record of a job that runs on another node: stored here (so every node keeps every
   * job record) and passed to local watchers.
   */
  public void mirror(JobInfo remote) {
    String id = remote.getJobId();
    Live l = live.get(id);
    if (l != null && !l.foreign) {
      return; // ours: our own record is authoritative
    }
    if (isTerminal(remote.getState())) {
      store.save(remote);
      if (l != null && live.remove(id, l)) {
        List<Consumer<JobEvent>> targets;
        synchronized (l) {
          l.info = remote;
          targets = List.copyOf(l.watchers);
        }
        targets.forEach(w -> w.accept(remote.getLastEvent()));
      }
      return;
    }
    Live m = l != null ? l : live.computeIfAbsent(id, k -> {
      Live created = new Live(remote);
      created.foreign = true;
      return created;
    });
    if (!m.foreign) {
      return;
    }
    List<Consumer<JobEvent>> targets;
    boolean changed;
    synchronized (m) {
      changed = !m.info.getLastEvent().equals(remote.getLastEvent());
      m.info = remote;
      targets = List.copyOf(m.watchers);
    }
    store.save(remote);
    if (changed) {
      targets.forEach(w -> w.accept(remote.getLastEvent()));
    }
  }

  /**
   * Takes over a job assigned to this node by the cluster (placed here, or moved here after its
   * node died): it runs here and resumes from its checkpoint if one was replicated.
   */
  public void adopt(JobInfo job, String message) {
    String id = job.getJobId();
    if (shuttingDown || store.get(id).map(j -> isTerminal(j.getState())).orElse(false)) {
      return;
    }
    Live own = new Live(job.toBuilder().setNodeId(nodeId).build());
    synchronized (this) {
      Live before = live.get(id);
      if (before != null && !before.foreign) {
        return; // already ours
      }
      if (before != null) {
        own.watchers.addAll(before.watchers);
      }
      live.put(id, own);
    }
    LOG.info("job {} adopted: {}", id, message);
    emit(own, event(id, JobState.QUEUED, "queued", message).toBuilder()
        .setProgress(job.getLastEvent().getProgress()).build());
    executor.execute(() -> execute(id));
  }

  /** Whether this node runs (or queues) the job itself. */
  public boolean runsHere(String jobId) {
    Live l = live.get(jobId);
    return l != null && !l.foreign;
  }

  public java.nio.file.Path directory(String jobId) {
    return store.directory(jobId);
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
    public void resumedFrom(int epoch) {
      synchronized (l) {
        l.info = l.info.toBuilder().setResumedFromEpoch(epoch).build(); // stored and published with the next event
      }
    }

    @Override
    public void progress(TrainingProgress progress) {
      emit(l, event(jobId(), JobState.RUNNING, "training", "").toBuilder().setProgress(progress).build());
    }

    @Override
    public void samples(TrainingProgress progress, List<io.emotioncluster.api.v1.SampleGrid> grids) {
      emit(l, event(jobId(), JobState.RUNNING, "training", "samples").toBuilder().setProgress(progress)
          .addAllSamples(grids).build());
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
