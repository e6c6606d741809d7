package io.emotioncluster.node.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.multimap.MultiMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.ModelRegistry.Pointer;
import io.emotioncluster.node.registry.VersionRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry across the cluster. Version records and production pointers live in
 * Hazelcast maps (with backups); every node copies every version's parameters from a node that
 * holds them (verified by sha256) into its own {@link ModelRegistry}, which stays the durable
 * store. A restarted cluster rebuilds the maps from the nodes' disks: versions are merged, the
 * pointer with the highest sequence number wins, and the id counter restarts above every id seen.
 */
final class RegistryReplicator {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryReplicator.class);
  static final String VERSIONS = "emotion.versions";
  static final String POINTERS = "emotion.pointers";
  static final String HOLDERS = "emotion.holders";
  static final String COUNTERS = "emotion.counters";
  static final String DELETED = "emotion.deleted";
  private static final String VERSION_COUNTER = "version-id";

  private final HazelcastInstance hz;
  private final ModelRegistry registry;
  private final Members members;
  private final String nodeId;
  private final Path clusterDir;
  private final Executor sync;
  private final int replicationTimeoutS;
  private final Quorum quorum;
  private final FileFetcher fetcher = new FileFetcher();
  private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final IMap<String, String> versions;
  private final IMap<String, String> pointers;
  private final MultiMap<String, String> holders;
  private final IMap<String, Long> counters;
  private final IMap<String, Long> deleted;
  /** Pointers whose production version is not held here yet: applied once it is copied. */
  private final Map<ModelKind, SeqPointer> pending = new ConcurrentHashMap<>();
  private final Set<String> fetching = ConcurrentHashMap.newKeySet();

  /** A pointer with its cluster-wide sequence number (highest wins after a full restart). */
  record SeqPointer(String production, List<String> history, long seq) {
    Pointer pointer() {
      return new Pointer(production, history);
    }
  }

  RegistryReplicator(HazelcastInstance hz, ModelRegistry registry, Members members, String nodeId, Path clusterDir,
      Executor sync, int replicationTimeoutS, Quorum quorum) {
    this.quorum = quorum;
    this.hz = hz;
    this.registry = registry;
    this.members = members;
    this.nodeId = nodeId;
    this.clusterDir = clusterDir;
    this.sync = sync;
    this.replicationTimeoutS = replicationTimeoutS;
    this.versions = hz.getMap(VERSIONS);
    this.pointers = hz.getMap(POINTERS);
    this.holders = hz.getMultiMap(HOLDERS);
    this.counters = hz.getMap(COUNTERS);
    this.deleted = hz.getMap(DELETED);
  }

  /**
   * Hooks the registry to the cluster and listens to the maps. {@link #seed} (merging this
   * node's disk into the maps) follows once a majority is together.
   */
  void start() throws IOException {
    Files.createDirectories(clusterDir.resolve("tmp"));
    registry.useIdSource(this::allocateId);
    registry.usePointerStore(new ClusterPointers());
    registry.onRegister(this::registeredHere);
    registry.onDelete(this::deletedHere);
    registry.useWriteGuard(quorum::require);
    registry.useRemoteVersions(this::awaitCopy);
    versions.addEntryListener(new Upserts<String, String>((id, raw) ->
        sync.execute(() -> ensureLocal(id, raw))), true);
    pointers.addEntryListener(new Upserts<String, String>((kind, raw) ->
        sync.execute(() -> adopt(ModelKind.valueOf(kind), parse(raw)))), true);
    deleted.addEntryListener((EntryAddedListener<String, Long>) (EntryEvent<String, Long> e) ->
        sync.execute(() -> deleteLocally(e.getKey())), true);
  }

  /** Copies every version this node lacks and applies the pointers (blocking). */
  void catchUp() {
    for (Map.Entry<String, String> e : versions.entrySet()) {
      ensureLocal(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : pointers.entrySet()) {
      adopt(ModelKind.valueOf(e.getKey()), parse(e.getValue()));
    }
  }

  // ---- start-up merge ---------------------------------------------------------------------

  /**
   * Merges this node's disk into the maps: versions (union), tombstones, the id counter (raised
   * to every id this node ever registered, imported or saw deleted, so no id is handed out
   * twice) and pointers (highest sequence wins). Needs a majority (the maps refuse writes
   * otherwise); runs at start and again after a split cluster has merged.
   */
  void seed() throws IOException {
    Set<String> tombstones = new java.util.HashSet<>(readLocalTombstones());
    tombstones.forEach(id -> deleted.putIfAbsent(id, System.currentTimeMillis()));
    long max = registry.lastId();
    for (String id : tombstones) {
      max = Math.max(max, numeric(id));
    }
    tombstones.addAll(deleted.keySet());
    for (VersionRecord v : registry.list(null, null)) {
      if (tombstones.contains(v.id())) {
        deleteLocally(v.id());
        continue;
      }
      max = Math.max(max, numeric(v.id()));
      String mine = write(v);
      String theirs = versions.putIfAbsent(v.id(), mine);
      if (theirs != null && !read(theirs).sha256().equals(v.sha256())) {
        // Two different versions got the same id (a node registered while cut off from the
        // cluster); the cluster's wins and this one is not offered to others.
        LOG.error("version {} on this node differs from the cluster's version {} (sha256 {} vs {}); "
            + "this node serves the cluster's record; move {} away and re-register it to keep it",
            v.id(), v.id(), v.sha256().substring(0, 12), read(theirs).sha256().substring(0, 12),
            registry.root().resolve("versions").resolve(v.id()));
        continue;
      }
      holders.put(v.id(), nodeId);
    }
    raiseCounter(max);
    for (ModelKind kind : ModelKind.values()) {
      SeqPointer local = readLocalPointer(kind);
      if (local == null) {
        continue;
      }
      while (true) {
        String raw = pointers.get(kind.name());
        if (raw == null) {
          if (pointers.putIfAbsent(kind.name(), write(local)) == null) {
            break;
          }
        } else if (parse(raw).seq() < local.seq()) {
          if (pointers.replace(kind.name(), raw, write(local))) {
            break;
          }
        } else {
          break;
        }
      }
    }
  }

  private void raiseCounter(long atLeast) {
    while (true) {
      Long cur = counters.get(VERSION_COUNTER);
      if (cur == null) {
        if (counters.putIfAbsent(VERSION_COUNTER, atLeast) == null) {
          return;
        }
      } else if (cur >= atLeast || counters.replace(VERSION_COUNTER, cur, atLeast)) {
        return;
      }
    }
  }

  /** The next cluster-wide version id, never below {@code localNext}. */
  private long allocateId(long localNext) {
    try {
      return allocateIdOnce(localNext);
    } catch (SplitBrainProtectionException e) {
      throw quorum.unavailable("register a new model version");
    }
  }

  private long allocateIdOnce(long localNext) {
    while (true) {
      Long cur = counters.get(VERSION_COUNTER);
      long next = Math.max(cur == null ? 0 : cur, localNext - 1) + 1;
      boolean won = cur == null ? counters.putIfAbsent(VERSION_COUNTER, next) == null
          : counters.replace(VERSION_COUNTER, cur, next);
      if (won) {
        return next;
      }
    }
  }

  // ---- changes made here ------------------------------------------------------------------

  /**
   * Publishes a version registered on this node and returns once another node holds its
   * parameters (or the timeout passes, logged), so that losing this node loses nothing.
   */
  private void registeredHere(VersionRecord v) {
    holders.put(v.id(), nodeId); // first: a node that sees the record must find a source
    versions.set(v.id(), write(v));
    if (members.count() < 2) {
      return;
    }
    // A majority of the configured size holding it (at least two nodes): any later majority
    // includes one of them, so neither the version nor its id can be lost or handed out again.
    int wanted = Math.max(2, quorum.majority());
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(replicationTimeoutS);
    while (System.nanoTime() < until) {
      if (holders.get(v.id()).size() >= Math.min(wanted, members.count())) {
        LOG.info("version {} is held by {}", v.id(), holders.get(v.id()));
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    LOG.warn("version {} is registered but no other node copied it within {} s: it is on this node only "
        + "until one does", v.id(), replicationTimeoutS);
  }

  private void deletedHere(String id) {
    appendLocalTombstone(id);
    try {
      deleted.set(id, System.currentTimeMillis());
      versions.delete(id);
      holders.remove(id);
    } catch (SplitBrainProtectionException e) {
      // the majority check passed a moment ago; the tombstone on disk is offered again at the next seed
      LOG.error("version {} was deleted here but the cluster lost its majority before the deletion was "
          + "recorded; it is recorded when this node is back with a majority", id);
    }
  }

  private void deleteLocally(String id) {
    try {
      appendLocalTombstone(id);
      if (registry.get(id).isPresent()) {
        registry.deleteReplicated(id);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not delete version {} here as the cluster did: {}", id, e.getMessage());
    }
  }

  // ---- changes made elsewhere -------------------------------------------------------------

  /** Copies a version's parameters from a node that holds them, unless this node has it. */
  void ensureLocal(String id, String recordJson) {
    if (registry.get(id).isPresent()) {
      if (!holders.containsEntry(id, nodeId) && registry.get(id).get().sha256().equals(read(recordJson).sha256())) {
        holders.put(id, nodeId);
      }
      retryPending();
      return;
    }
    if (deleted.containsKey(id) || !fetching.add(id)) {
      return;
    }
    try {
      VersionRecord v = read(recordJson);
      Collection<String> from = new ArrayList<>(holders.get(id));
      from.remove(nodeId);
      IOException last = null;
      for (String source : from) {
        String address = members.filesAddress(source);
        if (address == null) {
          continue;
        }
        Path tmp = clusterDir.resolve("tmp").resolve(id + "-" + UUID.randomUUID() + ".params");
        try {
          long t0 = System.nanoTime();
          fetcher.fetch(address, InternalFiles.PREFIX + "versions/" + id + "/params", v.sha256(), tmp);
          registry.importVersion(v, tmp);
          holders.put(id, nodeId);
          LOG.info("copied version {} ({} bytes) from {} in {} ms", id, v.parametersBytes(), source,
              (System.nanoTime() - t0) / 1_000_000);
          last = null;
          break;
        } catch (IOException e) {
          last = e;
          LOG.warn("copying version {} from {} failed: {}", id, source, e.getMessage());
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      if (last != null || from.isEmpty()) {
        LOG.warn("version {} is not held here yet (sources {}); retrying later", id, from);
      }
    } catch (IOException e) {
      LOG.warn("version {}: {}", id, e.getMessage());
    } finally {
      fetching.remove(id);
    }
    retryPending();
  }

  /**
   * Promote (or rollback) of a version registered elsewhere that this node has not copied yet:
   * copies it now, waiting at most the replication timeout. False when the cluster does not
   * know the version; UNAVAILABLE when it does but no holder could provide it in time.
   */
  private boolean awaitCopy(String id) {
    String raw = versions.get(id);
    if (raw == null || deleted.containsKey(id)) {
      return false;
    }
    long t0 = System.nanoTime();
    long until = t0 + TimeUnit.SECONDS.toNanos(replicationTimeoutS);
    while (registry.get(id).isEmpty() && System.nanoTime() < until) {
      ensureLocal(id, raw); // returns at once when another thread is copying it: then wait for that one
      if (registry.get(id).isEmpty()) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (registry.get(id).isEmpty()) {
      throw new io.emotioncluster.node.ServiceException(io.emotioncluster.node.ServiceException.Kind.UNAVAILABLE,
          "version " + id + " is registered in the cluster but this node could not copy its parameters within "
          + replicationTimeoutS + " s (nodes holding it: " + holders.get(id) + "); retry shortly, or send the "
          + "request to a node that holds it");
    }
    LOG.info("version {} copied for a promotion in {} ms", id, (System.nanoTime() - t0) / 1_000_000);
    return true;
  }

  /** Applies a pointer decided in the cluster, once its production version is held here. */
  private void adopt(ModelKind kind, SeqPointer p) {
    if (p.production() != null && registry.get(p.production()).isEmpty()) {
      pending.put(kind, p);
      String raw = versions.get(p.production());
      if (raw != null) {
        ensureLocal(p.production(), raw);
      }
      return;
    }
    pending.remove(kind, p);
    try {
      registry.applyPointer(kind, p.pointer());
      writeLocalPointer(kind, p);
    } catch (IOException e) {
      LOG.error("could not apply the cluster's {} pointer {}: {}", kind, p, e.getMessage());
    }
  }

  private void retryPending() {
    for (Map.Entry<ModelKind, SeqPointer> e : Map.copyOf(pending).entrySet()) {
      if (e.getValue().production() == null || registry.get(e.getValue().production()).isPresent()) {
        adopt(e.getKey(), e.getValue());
      }
    }
  }

  /** Periodic safety net: anything missed while listeners were not yet attached. */
  void reconcile() {
    try {
      for (Map.Entry<String, String> e : versions.entrySet()) {
        if (registry.get(e.getKey()).isEmpty() || !holders.containsEntry(e.getKey(), nodeId)) {
          ensureLocal(e.getKey(), e.getValue());
        }
      }
      for (Map.Entry<String, String> e : pointers.entrySet()) {
        SeqPointer p = parse(e.getValue());
        ModelKind kind = ModelKind.valueOf(e.getKey());
        if (!p.pointer().equals(registry.localPointer(kind))) {
          adopt(kind, p);
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("reconcile: {}", e.toString());
    }
  }

  /** The compare-and-set the registry's promote and rollback go through. */
  private final class ClusterPointers implements ModelRegistry.PointerStore {
    @Override
    public Pointer current(ModelKind kind) {
      String raw = pointers.get(kind.name());
      return raw == null ? new Pointer(null, List.of()) : parse(raw).pointer();
    }

    @Override
    public boolean compareAndSet(ModelKind kind, Pointer expected, Pointer next) {
      try {
        return compareAndSetOnce(kind, expected, next);
      } catch (SplitBrainProtectionException e) {
        throw quorum.unavailable("change the " + kind.name().toLowerCase() + " production version");
      }
    }

    private boolean compareAndSetOnce(ModelKind kind, Pointer expected, Pointer next) {
      String raw = pointers.get(kind.name());
      SeqPointer cur = raw == null ? null : parse(raw);
      Pointer curPointer = cur == null ? new Pointer(null, List.of()) : cur.pointer();
      if (!curPointer.equals(expected)) {
        return false;
      }
      SeqPointer n = new SeqPointer(next.production(), next.history(), cur == null ? 1 : cur.seq() + 1);
      boolean won = raw == null ? pointers.putIfAbsent(kind.name(), write(n)) == null
          : pointers.replace(kind.name(), raw, write(n));
      if (won) {
        writeLocalPointer(kind, n);
      }
      return won;
    }
  }

  // ---- local files ------------------------------------------------------------------------

  private SeqPointer readLocalPointer(ModelKind kind) throws IOException {
    Path f = clusterDir.resolve("pointer-" + kind.name().toLowerCase() + ".json");
    if (Files.exists(f)) {
      return json.readValue(f.toFile(), SeqPointer.class);
    }
    Pointer p = registry.localPointer(kind); // first clustered start: the standalone state, lowest priority
    return p.production() == null ? null : new SeqPointer(p.production(), p.history(), 0);
  }

  private synchronized void writeLocalPointer(ModelKind kind, SeqPointer p) {
    try {
      Path f = clusterDir.resolve("pointer-" + kind.name().toLowerCase() + ".json");
      Path tmp = clusterDir.resolve(".pointer-" + UUID.randomUUID() + ".json");
      json.writeValue(tmp.toFile(), p);
      Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> readLocalTombstones() throws IOException {
    Path f = clusterDir.resolve("deleted-versions.txt");
    return Files.exists(f) ? Files.readAllLines(f).stream().map(String::trim).filter(s -> !s.isEmpty()).toList()
        : List.of();
  }

  private synchronized void appendLocalTombstone(String id) {
    try {
      if (!readLocalTombstones().contains(id)) {
        Files.writeString(clusterDir.resolve("deleted-versions.txt"), id + "\n",
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      LOG.warn("cannot record the deletion of {}: {}", id, e.getMessage());
    }
  }

  // ---- JSON -------------------------------------------------------------------------------

  private String write(Object o) {
    try {
      return json.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private VersionRecord read(String s) {
    try {
      return json.readValue(s, VersionRecord.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable version record in the cluster: " + e.getMessage(), e);
    }
  }

  private SeqPointer parse(String s) {
    try {
      return json.readValue(s, SeqPointer.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable pointer in the cluster: " + e.getMessage(), e);
    }
  }

  private static long numeric(String id) {
    try {
      return Long.parseLong(id.substring(1));
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
