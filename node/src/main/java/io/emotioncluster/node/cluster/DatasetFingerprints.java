package io.emotioncluster.node.cluster;

import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.data.DatasetsRoot;
import io.emotioncluster.node.registry.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What a dataset path under this node's datasets folder holds, as one sha256: of the file, or
 * for a folder, of every file beneath it (relative name and content hash, sorted). Two nodes
 * with the same fingerprint for a path train on the same images. File hashes are cached by size
 * and modification time, so checking a path again only reads what changed.
 */
final class DatasetFingerprints {

  /** Published for a path this node does not hold. */
  static final String ABSENT = "absent";

  private record Cached(long size, long mtime, String sha256) {}

  private final DatasetsRoot root;
  private final Map<Path, Cached> files = new ConcurrentHashMap<>();

  DatasetFingerprints(Path datasetsDir) {
    this.root = new DatasetsRoot(datasetsDir);
  }

  /** The fingerprint of {@code relative}, or {@link #ABSENT} when this node does not hold it. */
  String of(String relative) throws IOException {
    Path p;
    try {
      p = root.resolve(relative);
    } catch (ServiceException e) {
      return ABSENT;
    }
    if (Files.isRegularFile(p)) {
      return hash(p);
    }
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        entries.put(p.relativize(f).toString(), hash(f));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    MessageDigest md = sha256();
    entries.forEach((name, sha) -> md.update((name + "\t" + sha + "\n").getBytes(StandardCharsets.UTF_8)));
    return HexFormat.of().formatHex(md.digest());
  }

  private String hash(Path f) throws IOException {
    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
    Cached c = files.get(f);
    if (c != null && c.size() == a.size() && c.mtime() == a.lastModifiedTime().toMillis()) {
      return c.sha256();
    }
    String sha = Sha256.of(f);
    files.put(f, new Cached(a.size(), a.lastModifiedTime().toMillis(), sha));
    return sha;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
