package io.emotioncluster.node.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobInfo;
import io.emotioncluster.api.v1.JobState;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.node.jobs.JobManager;
import io.emotioncluster.node.registry.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs across the cluster. Every job record is published to a Hazelcast map and mirrored into
 * every node's job store, so ListJobs and WatchJob work anywhere and a restarted cluster keeps
 * them all. Checkpoints of running jobs are copied to every node (sha256-verified). A new job is
 * placed on a node with a free slot (GPU nodes first); when a node leaves, the oldest member moves
 * its unfinished jobs to other nodes, which resume them from the replicated checkpoint.
 */
final class JobReplicator {

  private static final Logger LOG = LoggerFactory.getLogger(JobReplicator.class);
  static final String JOBS = "emotion.jobs";
  static final String CHECKPOINTS = "emotion.checkpoints";
  static final String CANCELS = "emotion.cancels";
  /** Dataset paths some job named (path -> when first asked): every node fingerprints them. */
  static final String DATASET_PATHS = "emotion.dataset-paths";
  /** "nodeId\npath" -> that node's fingerprint of the path, or "absent". */
  static final String DATASETS = "emotion.datasets";
  private static final long FINGERPRINT_REFRESH_MS = 10_000;
  private static final long FINGERPRINT_WAIT_MS = 10_000;

  private final JobManager jobs;
  private final Members members;
  private final String nodeId;
  private final Path clusterDir;
  private final Executor sync;
  private final Executor publisher;
  private final FileFetcher fetcher = new FileFetcher();
  private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final IMap<String, String> records;
  private final IMap<String, String> checkpoints;
  private final IMap<String, String> cancels;
  private final Map<String, Integer> publishedEpoch = new ConcurrentHashMap<>();
  private final Quorum quorum;
  private final DatasetFingerprints fingerprints;
  private final IMap<String, Long> datasetPaths;
  private final IMap<String, String> datasets;
  private final Map<String, Long> fingerprinted = new ConcurrentHashMap<>();
  private final long heartbeatTimeoutMs;
  private final long startedAt = System.currentTimeMillis();
  /** When each node was last seen a member (by {@link #moveOrphans}). */
  private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

  /** A checkpoint on its node: epoch and sha256 per file. */
  record CheckpointInfo(String nodeId, int epoch, Map<String, String> files) {}

  JobReplicator(HazelcastInstance hz, JobManager jobs, Members members, String nodeId, Path clusterDir,
      Executor sync, Executor publisher, Quorum quorum, int heartbeatTimeoutS, Path datasetsDir) {
    this.quorum = quorum;
    this.fingerprints = new DatasetFingerprints(datasetsDir);
    this.datasetPaths = hz.getMap(DATASET_PATHS);
    this.datasets = hz.getMap(DATASETS);
    this.heartbeatTimeoutMs = heartbeatTimeoutS * 1000L;
    this.jobs = jobs;
    this.members = members;
    this.nodeId = nodeId;
    this.clusterDir = clusterDir;
    this.sync = sync;
    this.publisher = publisher;
    this.records = hz.getMap(JOBS);
    this.checkpoints = hz.getMap(CHECKPOINTS);
    this.cancels = hz.getMap(CANCELS);
  }

  /** Must run before the job manager resumes interrupted jobs; {@link #seed} follows with a majority. */
  void start() {
    // Clustered, the merged cluster records decide what this node resumes (see seed), not its disk alone.
    jobs.resumeOnly(j -> false);
    jobs.onRecord(info -> publisher.execute(() -> publish(info)));
    jobs.usePlacement(this::place);
    jobs.useRemoteCancel(info -> publisher.execute(() -> cancels.set(info.getJobId(), nodeId)));
    records.addEntryListener(new Upserts<String, String>((id, raw) -> sync.execute(() -> arrived(parse(raw)))), true);
    checkpoints.addEntryListener(new Upserts<String, String>((id, raw) ->
        sync.execute(() -> copyCheckpoint(id, readCheckpoint(raw)))), true);
    cancels.addEntryListener(new Upserts<String, String>((id, by) -> sync.execute(() -> {
      if (jobs.runsHere(id)) {
        LOG.info("job {}: cancel requested through node {}", id, by);
        jobs.cancel(id);
      }
    })), true);
  }

  /**
   * Newest record wins (by its last event time); then every record is mirrored here, and this
   * node's unfinished jobs (by the merged record: a job moved elsewhere while this node was down
   * stays there) are queued again to resume from their checkpoints.
   */
  /** A change of one of this node's jobs; refused by the maps while this node is in a minority. */
  private void publish(JobInfo info) {
    try {
      records.set(info.getJobId(), print(info));
    } catch (com.hazelcast.splitbrainprotection.SplitBrainProtectionException e) {
      LOG.debug("job {}: record not published while this node is cut off from a majority", info.getJobId());
    } catch (RuntimeException e) {
      LOG.warn("job {}: record not published: {}", info.getJobId(), e.toString());
    }
  }

  void seed() {
    for (JobInfo mine : jobs.list(null, Integer.MAX_VALUE)) {
      String raw = records.get(mine.getJobId());
      if (raw == null || parse(raw).getLastEvent().getTimeUnixMs() < mine.getLastEvent().getTimeUnixMs()) {
        records.set(mine.getJobId(), print(mine));
      }
    }
    for (String raw : records.values()) {
      JobInfo job = parse(raw);
      if (!JobManager.isTerminal(job.getState())) {
        offerCheckpoint(job.getJobId()); // after a full restart the map is empty: the disks hold the copies
      }
      if (!job.getNodeId().equals(nodeId)) {
        jobs.mirror(job);
      } else if (!JobManager.isTerminal(job.getState()) && !jobs.runsHere(job.getJobId())) {
        jobs.adopt(job, job.getState() == JobState.RUNNING
            ? "node restarted; the job resumes from its last checkpoint" : job.getLastEvent().getMessage());
      }
    }
  }

  private void arrived(JobInfo job) {
    if (job.getNodeId().equals(nodeId)) {
      if (!jobs.runsHere(job.getJobId()) && job.getState() == JobState.QUEUED) {
        jobs.adopt(job, job.getLastEvent().getMessage());
      }
    } else if (!jobs.runsHere(job.getJobId())) {
      jobs.mirror(job);
    }
  }

  // ---- placement ----------------------------------------------------------------------------

  /**
   * See {@link Placement}; this node when no member information is available yet. Refused
   * (UNAVAILABLE) while this node is cut off from a majority.
   */
  private String place(TrainRequest request) {
    quorum.require("accept a training job");
    String path = datasetPath(request);
    if (path == null) {
      return choose(null, null).orElse(nodeId);
    }
    // Datasets are not copied between nodes: the job goes only where the same files are. The
    // receiving node holds them (the request was validated here); the others say what they hold.
    try {
      String mine = fingerprints.of(path);
      publishFingerprint(path, mine);
      datasetPaths.putIfAbsent(path, System.currentTimeMillis());
      Set<String> same = nodesHolding(path, mine, FINGERPRINT_WAIT_MS);
      same.add(nodeId);
      return choose(null, same).orElse(nodeId);
    } catch (IOException e) {
      LOG.warn("dataset {} could not be fingerprinted ({}); the job runs on this node", path, e.getMessage());
      return nodeId;
    }
  }

  /** The dataset path a job reads from its node's datasets folder; null when it needs none (SynthFACS). */
  static String datasetPath(TrainRequest r) {
    String raw = switch (r.getDataset().getSourceCase()) {
      case IMAGE_FOLDER -> r.getDataset().getImageFolder().getPath();
      case FER2013 -> r.getDataset().getFer2013().getPath();
      default -> null;
    };
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Path.of(raw).normalize().toString();
    } catch (RuntimeException e) {
      return raw;
    }
  }

  private static String datasetKey(String node, String path) {
    return node + "\n" + path;
  }

  private void publishFingerprint(String path, String fingerprint) {
    fingerprinted.put(path, System.currentTimeMillis());
    String key = datasetKey(nodeId, path);
    if (!fingerprint.equals(datasets.get(key))) {
      datasets.set(key, fingerprint);
    }
  }

  /**
   * Live nodes whose fingerprint of {@code path} is {@code fingerprint}, waiting (at most
   * {@code waitMs}) for every live node to have published one.
   */
  private Set<String> nodesHolding(String path, String fingerprint, long waitMs) {
    long until = System.currentTimeMillis() + waitMs;
    while (true) {
      Set<String> same = new java.util.HashSet<>();
      boolean all = true;
      for (Members.Info i : members.live()) {
        String fp = datasets.get(datasetKey(i.nodeId(), path));
        all &= fp != null;
        if (fingerprint.equals(fp)) {
          same.add(i.nodeId());
        }
      }
      if (all || System.currentTimeMillis() >= until) {
        return same;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return same;
      }
    }
  }

  /**
   * Fingerprints every dataset path a job named (new paths at once, known ones every 10 s) and
   * publishes what this node holds. Runs on a cluster thread, every second.
   */
  void refreshDatasets() {
    try {
      for (String path : datasetPaths.keySet()) {
        Long last = fingerprinted.get(path);
        if (last != null && System.currentTimeMillis() - last < FINGERPRINT_REFRESH_MS) {
          continue;
        }
        try {
          publishFingerprint(path, fingerprints.of(path));
        } catch (IOException e) {
          LOG.debug("dataset {} not fingerprinted: {}", path, e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("dataset fingerprints not refreshed: {}", e.toString());
    }
  }

  private Optional<String> choose(String excluded, Set<String> allowed) {
    List<Placement.Candidate> candidates = members.live().stream()
        .filter(i -> !i.nodeId().equals(excluded))
        .filter(i -> allowed == null || allowed.contains(i.nodeId()))
        .map(i -> new Placement.Candidate(i.nodeId(), i.gpu(), i.concurrentJobs(),
            i.nodeId().equals(nodeId) ? jobs.active() : i.activeJobs()))
        .toList();
    return Placement.choose(candidates, nodeId);
  }

  // ---- failover -----------------------------------------------------------------------------

  /**
   * A member left: if this node is now the oldest, each unfinished job of the departed node moves
   * to another node (QUEUED there, resuming from its replicated checkpoint), or fails with the
   * reason when no node is left to take it.
   */
  void memberLeft(String departedNodeId) {
    if (!members.oldestIsLocal()) {
      return;
    }
    if (!quorum.present()) {
      LOG.warn("node {} left, but this node is not with a majority of the cluster: its jobs stay where they "
          + "are (the majority side moves them)", departedNodeId);
      return;
    }
    moveJobsOf(Set.of(departedNodeId), "left the cluster");
  }

  /**
   * After a whole-cluster restart, a node that does not come back never "leaves": the oldest
   * member moves the unfinished jobs of every node that has not been a member for longer than
   * the heartbeat timeout (counted from this node's start and from the job's last event), so
   * they resume from their replicated checkpoints instead of waiting for their node.
   */
  void moveOrphans() {
    long now = System.currentTimeMillis();
    if (now - startedAt < heartbeatTimeoutMs || !members.oldestIsLocal() || !quorum.present()) {
      return;
    }
    Set<String> live = new java.util.HashSet<>();
    members.live().forEach(i -> live.add(i.nodeId()));
    live.forEach(n -> lastSeen.put(n, now));
    Set<String> away = new java.util.HashSet<>();
    for (String raw : records.values()) {
      JobInfo job = parse(raw);
      // a node seen recently that left is memberLeft's (its message says so); this is for the
      // nodes that have been away for longer than the heartbeat timeout
      long seen = lastSeen.getOrDefault(job.getNodeId(), startedAt);
      if (!JobManager.isTerminal(job.getState()) && !live.contains(job.getNodeId())
          && now - seen > 2 * heartbeatTimeoutMs && now - job.getLastEvent().getTimeUnixMs() > heartbeatTimeoutMs) {
        away.add(job.getNodeId());
      }
    }
    if (!away.isEmpty()) {
      moveJobsOf(away, "has not rejoined the cluster within the heartbeat timeout");
    }
  }

  private void moveJobsOf(Set<String> departed, String why) {
    for (Map.Entry<String, String> e : records.entrySet()) {
      JobInfo job = parse(e.getValue());
      if (!departed.contains(job.getNodeId()) || JobManager.isTerminal(job.getState())) {
        continue;
      }
      String departedNodeId = job.getNodeId();
      // a job that reads a dataset moves only to a node holding the same files as its node did
      String path = datasetPath(job.getRequest());
      String reference = path == null ? null : datasets.get(datasetKey(departedNodeId, path));
      Set<String> allowed = reference == null || reference.equals(DatasetFingerprints.ABSENT) ? null
          : nodesHolding(path, reference, 0);
      CheckpointInfo held = Optional.ofNullable(checkpoints.get(job.getJobId())).map(this::readCheckpoint).orElse(null);
      // the node that offered the newest checkpoint copy resumes it at once; otherwise placement decides
      Optional<String> target = held != null && !departed.contains(held.nodeId())
          && (allowed == null || allowed.contains(held.nodeId()))
          && members.live().stream().anyMatch(i -> i.nodeId().equals(held.nodeId()))
          ? Optional.of(held.nodeId()) : choose(departedNodeId, allowed);
      JobInfo moved;
      if (target.isEmpty()) {
        String reason = "node " + departedNodeId + " " + why + " while running this job and no other node "
            + (allowed == null ? "can take it over" : "holds its dataset '" + path + "' with the same files "
            + "(fingerprint " + reference.substring(0, 12) + "); copy the dataset to another node's datasets "
            + "folder and submit the job again");
        moved = job.toBuilder().setState(JobState.FAILED).setError(reason).setFinishedUnixMs(System.currentTimeMillis())
            .setLastEvent(event(job, JobState.FAILED, "failed", reason)).build();
      } else {
        String ckpt = Optional.ofNullable(checkpoints.get(job.getJobId())).map(this::readCheckpoint)
            .map(c -> "from the checkpoint of epoch " + c.epoch()).orElse("from the start (no checkpoint was replicated)");
        String msg = "node " + departedNodeId + " " + why + "; the job moves to node " + target.get()
            + " and resumes " + ckpt;
        moved = job.toBuilder().setNodeId(target.get()).setState(JobState.QUEUED)
            .setLastEvent(event(job, JobState.QUEUED, "queued", msg)).build();
      }
      if (records.replace(job.getJobId(), e.getValue(), print(moved))) {
        LOG.info("job {}: {}", job.getJobId(), moved.getLastEvent().getMessage());
      }
    }
  }

  private static JobEvent event(JobInfo job, JobState state, String phase, String message) {
    return JobEvent.newBuilder().setJobId(job.getJobId()).setTimeUnixMs(System.currentTimeMillis())
        .setState(state).setPhase(phase).setMessage(message).setProgress(job.getLastEvent().getProgress()).build();
  }

  // ---- checkpoints --------------------------------------------------------------------------

  /** Publishes new checkpoints of this node's running jobs (called every second). */
  void publishCheckpoints() {
    for (JobInfo job : jobs.list(List.of(JobState.RUNNING), Integer.MAX_VALUE)) {
      if (!jobs.runsHere(job.getJobId())) {
        continue;
      }
      try {
        Optional<CheckpointInfo> c = localCheckpoint(job.getJobId());
        if (c.isEmpty() || publishedEpoch.getOrDefault(job.getJobId(), 0) >= c.get().epoch()) {
          continue;
        }
        checkpoints.set(job.getJobId(), json.writeValueAsString(c.get()));
        publishedEpoch.put(job.getJobId(), c.get().epoch());
      } catch (IOException | RuntimeException e) {
        LOG.debug("checkpoint of {} not published this round: {}", job.getJobId(), e.toString());
      }
    }
  }

  /** Offers this node's copy of an unfinished job's checkpoint when the cluster knows none as new. */
  private void offerCheckpoint(String jobId) {
    try {
      Optional<CheckpointInfo> mine = localCheckpoint(jobId);
      if (mine.isEmpty()) {
        return;
      }
      String raw = checkpoints.get(jobId);
      if (raw == null) {
        checkpoints.putIfAbsent(jobId, json.writeValueAsString(mine.get()));
      } else if (readCheckpoint(raw).epoch() < mine.get().epoch()) {
        checkpoints.replace(jobId, raw, json.writeValueAsString(mine.get()));
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("checkpoint of {} not offered: {}", jobId, e.toString());
    }
  }

  /** The checkpoint this node holds for a job (its epoch and each file's sha256), if any. */
  private Optional<CheckpointInfo> localCheckpoint(String jobId) throws IOException {
    Path dir = jobs.directory(jobId).resolve("checkpoint");
    Path epochFile = dir.resolve("epoch.txt");
    if (!Files.exists(epochFile)) {
      return Optional.empty();
    }
    int epoch = Integer.parseInt(Files.readString(epochFile).trim());
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        files.put(f.getFileName().toString(), Sha256.of(f));
      }
    }
    if (epoch != Integer.parseInt(Files.readString(epochFile).trim())) {
      return Optional.empty(); // replaced while hashing: next round
    }
    return Optional.of(new CheckpointInfo(nodeId, epoch, files));
  }

  /** Copies another node's checkpoint into this node's job directory (all files verified, then one rename). */
  private void copyCheckpoint(String jobId, CheckpointInfo c) {
    if (c.nodeId().equals(nodeId) || jobs.runsHere(jobId)) {
      return;
    }
    String address = members.filesAddress(c.nodeId());
    if (address == null) {
      return;
    }
    Path jobDir = jobs.directory(jobId);
    Path tmp = jobDir.resolve("checkpoint.incoming-" + UUID.randomUUID());
    try {
      Files.createDirectories(tmp);
      for (Map.Entry<String, String> f : c.files().entrySet()) {
        fetcher.fetch(address, InternalFiles.PREFIX + "jobs/" + jobId + "/checkpoint/" + f.getKey(), f.getValue(),
            tmp.resolve(f.getKey()));
      }
      Path dir = jobDir.resolve("checkpoint");
      deleteTree(dir);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("copied the checkpoint of job {} (epoch {}) from {}", jobId, c.epoch(), c.nodeId());
    } catch (IOException e) {
      LOG.debug("checkpoint of job {} epoch {} not copied: {}", jobId, c.epoch(), e.getMessage());
    } finally {
      try {
        deleteTree(tmp);
      } catch (IOException ignored) {
        // a leftover incoming directory is harmless
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }

  // ---- JSON -------------------------------------------------------------------------------

  private CheckpointInfo readCheckpoint(String raw) {
    try {
      return json.readValue(raw, CheckpointInfo.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String print(JobInfo info) {
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(info);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  static JobInfo parse(String raw) {
    try {
      JobInfo.Builder b = JobInfo.newBuilder();
      JsonFormat.parser().ignoringUnknownFields().merge(raw, b);
      return b.build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
