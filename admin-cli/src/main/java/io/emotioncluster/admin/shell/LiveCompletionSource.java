package io.emotioncluster.admin.shell;

import io.emotioncluster.admin.Session;
import io.emotioncluster.admin.client.NodeClient;
import io.emotioncluster.admin.output.Fmt;
import io.emotioncluster.api.v1.ClusterStatusResponse;
import io.emotioncluster.api.v1.Emotion;
import io.emotioncluster.api.v1.JobInfo;
import io.emotioncluster.api.v1.JobState;
import io.emotioncluster.api.v1.ListVersionsResponse;
import io.emotioncluster.api.v1.ModelKind;
import io.emotioncluster.api.v1.ModelVersion;
import io.emotioncluster.api.v1.NodeStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Live values from the session's node: version ids from ListVersions, job ids from ListJobs,
 * emotions from the production classifier's class order, node addresses from ClusterStatus.
 * Each answer is cached for a few seconds and every call has a short deadline, so Tab never
 * hangs; a node that cannot be asked yields no values.
 */
public final class LiveCompletionSource implements CompletionSource {

  static final long TTL_MS = 3000;
  static final long DEADLINE_S = 2;

  private final Session session;
  private final Map<String, Cached<?>> cache = new ConcurrentHashMap<>();

  private record Cached<T>(T value, long at) { }

  public LiveCompletionSource(Session session) {
    this.session = session;
  }

  /** Forgets cached answers (after a command that may have changed them). */
  public void invalidate() {
    cache.clear();
  }

  @Override
  public List<Value> values(LiveCandidates.Kind kind) {
    try {
      return switch (kind) {
        case VERSION -> versions(false);
        case CLASSIFIER -> versions(true);
        case JOB -> jobs(false);
        case ACTIVE_JOB -> jobs(true);
        case EMOTION -> emotions();
        case TARGET -> targets();
      };
    } catch (RuntimeException e) {
      return List.of(); // completion must never break the line being typed
    }
  }

  private NodeClient client() {
    return session.client().withTimeout(DEADLINE_S);
  }

  @SuppressWarnings("unchecked")
  private <T> T cached(String key, Supplier<T> load) {
    Cached<?> c = cache.get(key);
    long now = System.currentTimeMillis();
    if (c != null && now - c.at() < TTL_MS) {
      return (T) c.value();
    }
    T v = load.get();
    cache.put(key, new Cached<>(v, now));
    return v;
  }

  private List<Value> versions(boolean classifiersOnly) {
    ListVersionsResponse r = cached("versions", () -> client().listVersions(null, null));
    List<Value> out = new ArrayList<>();
    for (ModelVersion v : r.getVersionsList()) {
      if (classifiersOnly && v.getKind() != ModelKind.CLASSIFIER) {
        continue;
      }
      String d = Fmt.lower(v.getStage()) + " " + Fmt.lower(v.getKind()) + ", " + v.getArchitecture()
          + (v.hasMetrics() ? ", acc " + Fmt.num(v.getMetrics().getAccuracy(), 3) : "");
      out.add(new Value(v.getId(), d));
    }
    return out;
  }

  private List<Value> jobs(boolean activeOnly) {
    List<JobInfo> jobs = cached("jobs", () -> client().listJobs(List.of(), 100).getJobsList());
    List<Value> out = new ArrayList<>();
    for (JobInfo j : jobs) {
      boolean active = j.getState() == JobState.QUEUED || j.getState() == JobState.RUNNING;
      if (activeOnly && !active) {
        continue;
      }
      out.add(new Value(j.getJobId(), Fmt.lower(j.getState())
          + (j.getDisplayName().isBlank() ? "" : ", " + j.getDisplayName())));
    }
    return out;
  }

  private List<Value> emotions() {
    Set<Emotion> order = new LinkedHashSet<>();
    try {
      ListVersionsResponse r = cached("versions", () -> client().listVersions(null, null));
      r.getVersionsList().stream().filter(v -> v.getId().equals(r.getProductionClassifier())).findFirst()
          .ifPresent(v -> order.addAll(v.getClassOrderList()));
    } catch (RuntimeException ignored) {
      // the proto's seven below
    }
    order.remove(Emotion.EMOTION_UNSPECIFIED);
    order.remove(Emotion.UNRECOGNIZED);
    if (order.isEmpty()) {
      order.addAll(Fmt.EMOTIONS);
    }
    List<Value> out = new ArrayList<>();
    order.forEach(e -> out.add(new Value(Fmt.emotion(e), "")));
    out.add(new Value("all", "all seven"));
    return out;
  }

  private List<Value> targets() {
    Set<String> seen = new LinkedHashSet<>(session.defaults().targets());
    try {
      ClusterStatusResponse r = cached("cluster", () -> client().clusterStatus());
      for (NodeStatus n : r.getNodesList()) {
        if (!n.getGrpcAddress().isBlank()) {
          seen.add(n.getGrpcAddress());
        }
      }
    } catch (RuntimeException ignored) {
      // ClusterStatus is not available on every node version: the configured targets only
    }
    return seen.stream().map(t -> new Value(t, "")).toList();
  }
}
