package io.emotioncluster.node.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.emotioncluster.node.registry.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a directory of small files (such as {@code data-dir/experiments/*.json}) the same on every
 * node: a changed file is published with its sha256 and modification time, the newest copy wins,
 * and each node writes it atomically to its own disk. Files over {@link #MAX_BYTES} are skipped.
 */
final class DirectoryReplicator {

  private static final Logger LOG = LoggerFactory.getLogger(DirectoryReplicator.class);
  static final long MAX_BYTES = 1 << 20;

  record FileCopy(String sha256, long modifiedMs, String base64) {}

  private final Path dir;
  private final IMap<String, String> files;
  private final Executor sync;
  private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final Map<String, String> known = new ConcurrentHashMap<>(); // name -> sha256 seen or written here

  DirectoryReplicator(HazelcastInstance hz, Path dir, String name, Executor sync) {
    this.dir = dir;
    this.files = hz.getMap("emotion.files." + name);
    this.sync = sync;
  }

  void start() throws IOException {
    Files.createDirectories(dir);
    scan();
    files.entrySet().forEach(e -> write(e.getKey(), read(e.getValue())));
    files.addEntryListener(new Upserts<String, String>((name, raw) -> sync.execute(() -> write(name, read(raw)))), true);
  }

  /** Publishes files created or changed here since the last scan (called periodically). */
  void scan() {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(".") || name.endsWith(".tmp") || Files.size(f) > MAX_BYTES) {
          continue;
        }
        String sha = Sha256.of(f);
        if (sha.equals(known.get(name))) {
          continue;
        }
        FileCopy mine = new FileCopy(sha, Files.getLastModifiedTime(f).toMillis(),
            Base64.getEncoder().encodeToString(Files.readAllBytes(f)));
        String raw = files.get(name);
        if (raw == null || read(raw).modifiedMs() <= mine.modifiedMs()) {
          files.set(name, json.writeValueAsString(mine));
        }
        known.put(name, sha);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("scanning {}: {}", dir, e.toString());
    }
  }

  private void write(String name, FileCopy copy) {
    if (name.contains("/") || name.contains("\\") || name.startsWith(".") || copy.sha256().equals(known.get(name))) {
      return;
    }
    try {
      Path target = dir.resolve(name);
      if (Files.exists(target) && (Sha256.of(target).equals(copy.sha256())
          || Files.getLastModifiedTime(target).toMillis() > copy.modifiedMs())) {
        return;
      }
      byte[] bytes = Base64.getDecoder().decode(copy.base64());
      Path tmp = dir.resolve("." + name + "-" + UUID.randomUUID());
      Files.write(tmp, bytes);
      if (!Sha256.of(tmp).equals(copy.sha256())) {
        Files.deleteIfExists(tmp);
        LOG.warn("replicated {} failed its sha256 check; not written", name);
        return;
      }
      known.put(name, copy.sha256());
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.fromMillis(copy.modifiedMs()));
    } catch (IOException e) {
      LOG.warn("cannot write replicated file {}: {}", name, e.getMessage());
    }
  }

  private FileCopy read(String raw) {
    try {
      return json.readValue(raw, FileCopy.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
