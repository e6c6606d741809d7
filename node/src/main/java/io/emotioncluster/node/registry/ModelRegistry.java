package io.emotioncluster.node.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.model.EngineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.StandardOpenOption;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's model versions on disk:
 * <pre>
 *   root/versions/v7/model-0000.params   parameters
 *   root/versions/v7/version.json        {@link VersionRecord}
 *   root/state.json                      production pointer and rollback history per kind
 * </pre>
 * A version is written into a temporary directory and renamed into place in one atomic step, so
 * a crash leaves the whole version or none. The state file is replaced the same way.
 */
public final class ModelRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
  private static final String VERSION_FILE = "version.json";
  private static final String PARAMS_FILE = Classifier.PARAMS_PREFIX + "-0000.params";

  private final Path root;
  private final Path versionsDir;
  private final ObjectMapper json = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final Map<String, VersionRecord> versions = new ConcurrentHashMap<>();
  private final List<Consumer<ModelKind>> productionListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<VersionRecord>> registerListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> deleteListeners = new CopyOnWriteArrayList<>();
  // Cluster hooks (null when standalone): cluster-wide version ids and production pointers.
  private volatile java.util.function.LongUnaryOperator idSource;
  private volatile PointerStore pointerStore;
  // Clustered: refuses changes while this node is cut off from a majority (throws, saying why).
  private volatile Consumer<String> writeGuard = what -> { };
  // Clustered: copies a version registered elsewhere that this node does not hold yet (bounded wait).
  private volatile java.util.function.Predicate<String> remoteVersions = id -> false;
  // Replaced whole under the lock, read without it: queries on the event loop never wait on disk.
  private volatile State state;

  /** Persisted pointer state. */
  /** Persisted pointer state; {@code lastId} keeps ids unique even after the newest is deleted. */
  public record State(Map<ModelKind, String> production, Map<ModelKind, List<String>> history, long lastId) {}

  public ModelRegistry(Path root) throws IOException {
    this.root = root;
    this.versionsDir = root.resolve("versions");
    Files.createDirectories(versionsDir);
    removeLeftovers();
    loadVersions();
    this.state = loadState();
  }

  public Path root() {
    return root;
  }

  // ---- queries ----------------------------------------------------------------------------

  /** Newest first, optionally filtered. */
  public List<VersionRecord> list(ModelKind kind, Stage stage) {
    return versions.values().stream()
        .filter(v -> kind == null || v.kind() == kind)
        .filter(v -> stage == null || stage(v.id()) == stage)
        .sorted(Comparator.comparingLong(ModelRegistry::numericId).reversed())
        .toList();
  }

  public Optional<VersionRecord> get(String id) {
    return Optional.ofNullable(versions.get(id));
  }

  public VersionRecord require(String id) {
    VersionRecord v = versions.get(id);
    if (v == null) {
      throw ServiceException.notFound("model version '" + id + "' does not exist; ListVersions "
          + "shows the registered ones");
    }
    return v;
  }

  /** The version {@link #rollback} would restore, if any. */
  public Optional<String> rollbackTarget(ModelKind kind) {
    List<String> h = state.history().getOrDefault(kind, List.of());
    return h.isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1));
  }

  public Optional<String> production(ModelKind kind) {
    return Optional.ofNullable(state.production().get(kind));
  }

  public Stage stage(String id) {
    VersionRecord v = versions.get(id);
    if (v == null) {
      return null;
    }
    State s = state; // one consistent snapshot
    if (id.equals(s.production().get(v.kind()))) {
      return Stage.PRODUCTION;
    }
    return s.history().getOrDefault(v.kind(), List.of()).contains(id) ? Stage.ARCHIVED : Stage.CANDIDATE;
  }

  public boolean isEmpty() {
    return versions.isEmpty();
  }

  // ---- changes ----------------------------------------------------------------------------

  /**
   * Saves the classifier's parameters and metadata as a new version (a candidate). The large
   * writes happen outside the registry lock so that reads (ListVersions) never wait on them; only
   * id allocation and the final atomic rename are serialised.
   */
  public VersionRecord register(RegistrableModel classifier, VersionRecord.Draft draft) throws IOException {
    writeGuard.accept("register a new model version");
    try {
      return write(classifier, draft);
    } catch (IOException e) {
      throw unwritable(e);
    }
  }

  /**
   * A full disk or an unwritable data directory, told so that an operator can act: the
   * directory, the cause, and that nothing was registered (the temporary copy is removed and
   * the version id is only taken by the final atomic rename).
   */
  private io.emotioncluster.node.ServiceException unwritable(IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    boolean full = reason.contains("No space left") || reason.contains("Disk quota exceeded");
    String msg = "cannot write a model version into " + versionsDir.toAbsolutePath() + ": "
        + (full ? "the disk is full (" + reason + "); free space there" : reason + " (" + e.getClass().getSimpleName()
        + "); check that the node may write its data directory")
        + "; nothing was registered and existing versions are unchanged";
    LOG.error(msg);
    return new io.emotioncluster.node.ServiceException(full ? io.emotioncluster.node.ServiceException.Kind.OVERLOADED
        : io.emotioncluster.node.ServiceException.Kind.PRECONDITION, msg, e);
  }

  private VersionRecord write(RegistrableModel classifier, VersionRecord.Draft draft) throws IOException {
    Path tmp = versionsDir.resolve(".tmp-" + UUID.randomUUID());
    Files.createDirectories(tmp);
    try {
      classifier.save(tmp);
      Path params = tmp.resolve(PARAMS_FILE);
      fsync(params);
      String sha = Sha256.of(params);
      long bytes = Files.size(params);
      long parameterCount = classifier.parameterCount();
      VersionRecord record;
      synchronized (this) {
        long next = Math.max(state.lastId(), versions.values().stream().mapToLong(ModelRegistry::numericId).max()
            .orElse(0)) + 1;
        if (idSource != null) {
          next = idSource.applyAsLong(next); // unique across the cluster, never below the local next
        }
        String id = "v" + next;
        record = new VersionRecord(id, draft.kind(), draft.displayName(),
            classifier.architecture(), Emotion.all().stream().map(Emotion::label).toList(),
            draft.datasetFingerprint(), draft.splitFingerprint(), draft.trainingConfigJson(),
            draft.metrics(), System.currentTimeMillis(), draft.parentVersion(), sha, bytes, parameterCount,
            classifier.engineName(), draft.source(), draft.license(), draft.jobId(), draft.tags(),
            draft.generatorSpecJson(), draft.generatorQualityJson());
        Path meta = tmp.resolve(VERSION_FILE);
        json.writeValue(meta.toFile(), record);
        fsync(meta);
        moveAtomically(tmp, versionsDir.resolve(id));
        versions.put(id, record);
        try {
          saveState(new State(state.production(), state.history(), next));
        } catch (IOException e) {
          // the version is on disk (renamed in one step) and ids are recomputed from the version
          // directories at start, so it stays registered and unique; only lastId was not saved
          LOG.warn("version {} registered, but {} could not be updated: {}", id, root.resolve("state.json"),
              e.getMessage());
        }
      }
      LOG.info("registered model version {} ({}, {} parameters, sha256 {})", record.id(), record.displayName(),
          record.parameterCount(), record.sha256().substring(0, 12));
      registerListeners.forEach(l -> l.accept(record));
      return record;
    } finally {
      deleteRecursively(tmp);
    }
  }

  /** Makes a version production for its kind; the previous one becomes the rollback target. */
  public PromoteResult promote(String id) throws IOException {
    PromoteResult result;
    ModelKind kind;
    writeGuard.accept("promote " + id);
    awaitHeld(id);
    synchronized (this) {
      VersionRecord v = require(id);
      kind = v.kind();
      while (true) {
        Pointer current = currentPointer(kind);
        String previous = current.production();
        if (id.equals(previous)) {
          if (!applyPointerLocked(kind, current)) {
            return new PromoteResult(id, previous);
          }
          result = new PromoteResult(id, previous); // the cluster had it already; this node catches up
          break;
        }
        List<String> h = new ArrayList<>(current.history());
        h.remove(id);
        if (previous != null) {
          h.add(previous);
        }
        if (commitPointer(kind, current, new Pointer(id, h))) {
          result = new PromoteResult(id, previous);
          break;
        }
      }
    }
    LOG.info("{} production version is now {} (was {})", kind, id, result.previous());
    productionListeners.forEach(l -> l.accept(kind));
    return result;
  }

  /** Restores the most recent previous production version of a kind. */
  public PromoteResult rollback(ModelKind kind) throws IOException {
    PromoteResult result;
    writeGuard.accept("roll back the " + kind.name().toLowerCase() + " production version");
    synchronized (this) {
      while (true) {
        Pointer now = currentPointer(kind);
        List<String> h = new ArrayList<>(now.history());
        if (h.isEmpty()) {
          throw ServiceException.precondition("there is no earlier " + kind.name().toLowerCase()
              + " production version to roll back to");
        }
        String target = h.remove(h.size() - 1);
        if (commitPointer(kind, now, new Pointer(target, h))) {
          result = new PromoteResult(target, now.production());
          break;
        }
      }
    }
    LOG.info("{} rolled back to {} (was {})", kind, result.production(), result.previous());
    productionListeners.forEach(l -> l.accept(kind));
    return result;
  }

  /**
   * Deletes a version. Refused for the production version and for versions other records depend
   * on (fine-tuned children, or whatever {@code inUseBy} names, such as a running job).
   */
  public void delete(String id, java.util.function.Function<String, String> inUseBy) throws IOException {
    writeGuard.accept("delete " + id);
    deleteChecked(id, inUseBy);
  }

  /** Applies a deletion the cluster decided (no majority check: the decision is made). */
  public void deleteReplicated(String id) throws IOException {
    deleteChecked(id, v -> null);
  }

  private void deleteChecked(String id, java.util.function.Function<String, String> inUseBy) throws IOException {
    synchronized (this) {
      VersionRecord v = require(id);
      if (id.equals(state.production().get(v.kind()))) {
        throw ServiceException.precondition("version " + id + " is the production " + v.kind().name().toLowerCase()
            + "; promote another version (or roll back) before deleting it");
      }
      List<String> children = versions.values().stream().filter(c -> id.equals(c.parentVersion()))
          .map(VersionRecord::id).sorted().toList();
      if (!children.isEmpty()) {
        throw ServiceException.precondition("version " + id + " is the base of " + String.join(", ", children)
            + "; delete those first (their lineage would be lost)");
      }
      String user = inUseBy.apply(id);
      if (user != null) {
        throw ServiceException.precondition("version " + id + " is in use by " + user + "; wait for it or cancel it");
      }
      Path dir = versionsDir.resolve(id);
      Path doomed = versionsDir.resolve(".tmp-deleted-" + id + "-" + UUID.randomUUID());
      moveAtomically(dir, doomed); // invisible at once; a crash leaves only a leftover to sweep
      versions.remove(id);
      Map<ModelKind, List<String>> history = copyHistory();
      history.values().forEach(h -> h.remove(id));
      saveState(new State(state.production(), history, state.lastId()));
      deleteRecursively(doomed);
    }
    LOG.info("deleted model version {}", id);
    deleteListeners.forEach(l -> l.accept(id));
  }

  /** Called after every production change (on the changing thread). */
  public void onProductionChange(Consumer<ModelKind> listener) {
    productionListeners.add(listener);
  }

  public record PromoteResult(String production, String previous) {}

  // ---- cluster hooks ----------------------------------------------------------------------

  /** One kind's production version and rollback history (oldest first). */
  public record Pointer(String production, List<String> history) {
    public Pointer {
      history = history == null ? List.of() : List.copyOf(history);
    }
  }

  /**
   * Where production pointers are decided when the node is clustered: promote and rollback read
   * the shared pointer and commit with a compare-and-set, retrying on a concurrent change.
   */
  public interface PointerStore {
    Pointer current(ModelKind kind);

    boolean compareAndSet(ModelKind kind, Pointer expected, Pointer next);
  }

  /** Clustered: version ids come from {@code source} (given the local next id, returns the id to use). */
  public void useIdSource(java.util.function.LongUnaryOperator source) {
    this.idSource = source;
  }

  public void usePointerStore(PointerStore store) {
    this.pointerStore = store;
  }

  /** Clustered: {@code guard} throws (a ServiceException) when this node may not change anything now. */
  public void useWriteGuard(Consumer<String> guard) {
    this.writeGuard = guard;
  }

  /**
   * Clustered: {@code fetch} is given the id of a version this node does not hold; it returns
   * false when the cluster does not know it either, true once it is held here, and throws
   * (UNAVAILABLE, DEADLINE_EXCEEDED) when it is known but could not be copied in time.
   */
  public void useRemoteVersions(java.util.function.Predicate<String> fetch) {
    this.remoteVersions = fetch;
  }

  /** Throws, saying why, when this node may not change the registry now (cut off from a majority). */
  public void requireWritable(String what) {
    writeGuard.accept(what);
  }

  /**
   * Returns once this node holds version {@code id}: at once when it does; clustered, after
   * copying it from a node that does (bounded). Unknown everywhere: NOT_FOUND.
   */
  public void awaitHeld(String id) {
    if (versions.containsKey(id) || remoteVersions.test(id) && versions.containsKey(id)) {
      return;
    }
    require(id);
  }

  /** The highest id this node ever registered or imported (deleted ones included). */
  public long lastId() {
    return Math.max(state.lastId(), versions.values().stream().mapToLong(ModelRegistry::numericId).max().orElse(0));
  }

  /** Called after a version is registered on this node (on the registering thread). */
  public void onRegister(Consumer<VersionRecord> listener) {
    registerListeners.add(listener);
  }

  /** Called after a version is deleted on this node. */
  public void onDelete(Consumer<String> listener) {
    deleteListeners.add(listener);
  }

  /** This node's pointer for a kind. */
  public Pointer localPointer(ModelKind kind) {
    State s = state;
    return new Pointer(s.production().get(kind), s.history().getOrDefault(kind, List.of()));
  }

  /**
   * Adopts a pointer decided elsewhere (another node promoted); production listeners run when the
   * production version changes. The version must already be held here.
   */
  public void applyPointer(ModelKind kind, Pointer pointer) throws IOException {
    boolean changed;
    synchronized (this) {
      changed = applyPointerLocked(kind, pointer);
    }
    if (changed) {
      LOG.info("{} production version is now {} (decided by the cluster)", kind, pointer.production());
      productionListeners.forEach(l -> l.accept(kind));
    }
  }

  /**
   * Stores a version received from another node: the parameters are verified against the
   * record's sha256 and published with one atomic rename, as {@link #register} does.
   */
  public void importVersion(VersionRecord record, Path parameters) throws IOException {
    if (versions.containsKey(record.id())) {
      return;
    }
    Path tmp = versionsDir.resolve(".tmp-" + UUID.randomUUID());
    Files.createDirectories(tmp);
    try {
      Path params = tmp.resolve(PARAMS_FILE);
      Files.copy(parameters, params, StandardCopyOption.REPLACE_EXISTING);
      fsync(params);
      verify(record, params);
      Path meta = tmp.resolve(VERSION_FILE);
      json.writeValue(meta.toFile(), record);
      fsync(meta);
      synchronized (this) {
        if (versions.containsKey(record.id())) {
          return;
        }
        moveAtomically(tmp, versionsDir.resolve(record.id()));
        versions.put(record.id(), record);
        saveState(new State(state.production(), state.history(), Math.max(state.lastId(), numericId(record))));
      }
      LOG.info("imported model version {} from the cluster (sha256 {} verified)", record.id(),
          record.sha256().substring(0, 12));
    } finally {
      deleteRecursively(tmp);
    }
  }

  private Pointer currentPointer(ModelKind kind) {
    PointerStore store = pointerStore;
    return store == null ? localPointer(kind) : store.current(kind);
  }

  /** Must hold the lock. Standalone: always succeeds. */
  private boolean commitPointer(ModelKind kind, Pointer expected, Pointer next) throws IOException {
    PointerStore store = pointerStore;
    if (store != null && !store.compareAndSet(kind, expected, next)) {
      return false;
    }
    applyPointerLocked(kind, next);
    return true;
  }

  private boolean applyPointerLocked(ModelKind kind, Pointer pointer) throws IOException {
    if (pointer.equals(localPointer(kind))) {
      return false;
    }
    Map<ModelKind, String> production = new EnumMap<>(ModelKind.class);
    production.putAll(state.production());
    if (pointer.production() == null) {
      production.remove(kind);
    } else {
      production.put(kind, pointer.production());
    }
    Map<ModelKind, List<String>> history = copyHistory();
    history.put(kind, new ArrayList<>(pointer.history()));
    String before = state.production().get(kind);
    saveState(new State(production, history, state.lastId()));
    return !java.util.Objects.equals(before, pointer.production());
  }

  // ---- loading ----------------------------------------------------------------------------

  /** Loads a classifier version after verifying its checksum. */
  public Classifier loadClassifier(String id, EngineConfig engine) throws IOException {
    VersionRecord v = require(id);
    if (v.kind() != ModelKind.CLASSIFIER) {
      throw ServiceException.invalid("version " + id + " is a " + v.kind().name().toLowerCase()
          + ", not a classifier");
    }
    Path dir = versionsDir.resolve(id);
    verify(v, dir.resolve(PARAMS_FILE));
    return Classifier.load(v.architecture(), engine, dir);
  }

  /** The parameters file of a version after checking it against the registered checksum. */
  public Path verifiedParametersFile(String id) throws IOException {
    VersionRecord v = require(id);
    Path params = parametersFile(id);
    verify(v, params);
    return params;
  }

  public Path parametersFile(String id) {
    return versionsDir.resolve(id).resolve(PARAMS_FILE);
  }

  private static void verify(VersionRecord v, Path params) throws IOException {
    if (!Files.exists(params)) {
      throw new ChecksumMismatchException("parameters of version " + v.id() + " are missing: " + params);
    }
    String actual = Sha256.of(params);
    if (!actual.equals(v.sha256())) {
      throw new ChecksumMismatchException("parameters of version " + v.id() + " are corrupt: sha256 "
          + actual + " does not match the registered " + v.sha256());
    }
  }

  // ---- persistence ------------------------------------------------------------------------

  private void loadVersions() throws IOException {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(versionsDir)) {
      for (Path dir : dirs) {
        Path meta = dir.resolve(VERSION_FILE);
        if (!Files.isDirectory(dir) || !Files.exists(meta)) {
          continue;
        }
        try {
          VersionRecord v = json.readValue(meta.toFile(), VersionRecord.class);
          versions.put(v.id(), v);
        } catch (IOException e) {
          // One unreadable version must not keep the node (and every other version) down.
          LOG.error("skipping {}: its metadata cannot be read ({}); restore it from a backup", dir, e.getMessage());
        }
      }
    }
  }

  private State loadState() throws IOException {
    Path file = root.resolve("state.json");
    if (!Files.exists(file)) {
      return new State(new EnumMap<>(ModelKind.class), new EnumMap<>(ModelKind.class), 0);
    }
    State s = json.readValue(file.toFile(), State.class);
    return new State(s.production() == null ? Map.of() : s.production(),
        s.history() == null ? Map.of() : s.history(), s.lastId());
  }

  private void saveState(State next) throws IOException {
    Path tmp = root.resolve(".state-" + UUID.randomUUID() + ".json");
    json.writeValue(tmp.toFile(), next);
    fsync(tmp);
    moveAtomically(tmp, root.resolve("state.json"));
    state = next;
  }

  private Map<ModelKind, List<String>> copyHistory() {
    Map<ModelKind, List<String>> copy = new EnumMap<>(ModelKind.class);
    state.history().forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
    return copy;
  }

  private void removeLeftovers() throws IOException {
    try (Stream<Path> s = Stream.concat(Files.list(versionsDir), Files.list(root))) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(".tmp-") || name.startsWith(".state-")) {
          LOG.warn("removing {} left by an interrupted write", p);
          deleteRecursively(p);
        }
      }
    }
  }

  /** Data reaches the disk before the rename that publishes it. */
  private static void fsync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      Deque<Path> stack = new ArrayDeque<>();
      walk.forEach(stack::push);
      while (!stack.isEmpty()) {
        Files.deleteIfExists(stack.pop());
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static long numericId(VersionRecord v) {
    try {
      return Long.parseLong(v.id().substring(1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
