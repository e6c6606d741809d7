package io.emotioncluster.node.jobs;

import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.model.Transfer;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The weights after an epoch, in {@code <job>/checkpoint/}, with the epoch number in
 * {@code epoch.txt}. Written to a temporary directory and renamed, so a crash while saving
 * leaves the previous checkpoint intact.
 */
final class Checkpoint {

  private final Path dir;

  Checkpoint(Path jobDir) {
    this.dir = jobDir.resolve("checkpoint");
  }

  void save(Classifier classifier, int epoch) throws IOException {
    Path tmp = dir.resolveSibling("checkpoint.tmp");
    delete(tmp);
    Files.createDirectories(tmp);
    classifier.save(tmp);
    Files.writeString(tmp.resolve("epoch.txt"), Integer.toString(epoch));
    Path old = dir.resolveSibling("checkpoint.old");
    delete(old);
    if (Files.exists(dir)) {
      Files.move(dir, old);
    }
    try {
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir);
    }
    delete(old);
  }

  /** The last completed epoch, if a checkpoint exists. */
  Optional<Integer> epoch() throws IOException {
    Path dirToRead = Files.exists(dir.resolve("epoch.txt")) ? dir : dir.resolveSibling("checkpoint.old");
    Path f = dirToRead.resolve("epoch.txt");
    return Files.exists(f) ? Optional.of(Integer.parseInt(Files.readString(f).trim())) : Optional.empty();
  }

  /** A trainable classifier holding the checkpoint's weights. */
  Classifier load(Architecture arch, EngineConfig engine) throws IOException {
    Path from = Files.exists(dir.resolve("epoch.txt")) ? dir : dir.resolveSibling("checkpoint.old");
    Classifier fresh = Classifier.create(arch, engine);
    try (Classifier saved = Classifier.load(arch, engine, from)) {
      Transfer.copyAll(saved, fresh);
      return fresh;
    } catch (IOException | RuntimeException e) {
      fresh.close();
      throw e;
    }
  }

  void deleteAll() throws IOException {
    delete(dir);
    delete(dir.resolveSibling("checkpoint.tmp"));
    delete(dir.resolveSibling("checkpoint.old"));
  }

  private static void delete(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }
}
