package io.emotioncluster.node.reliability;

import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.VersionRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Runs inside a tiny tmpfs (DiskFullTest starts it under {@code unshare -rm}): registers a
 * version, fills the disk, tries to register another, then checks what a restarted node would
 * see. Prints KEY=VALUE lines for the test to read.
 */
public final class DiskFullProbe {

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]).resolve("registry");
    EngineConfig engine = new EngineConfig("MXNet", "cpu");
    try (Classifier c = Classifier.create(Architecture.preset("vgg-mini"), engine)) {
      ModelRegistry registry = new ModelRegistry(root);
      VersionRecord v1 = registry.register(c, draft("before the disk filled"));
      registry.promote(v1.id());
      out("FIRST", v1.id());

      Path filler = Path.of(args[0]).resolve("filler");
      long filled = fill(filler);
      out("FILLED_BYTES", Long.toString(filled));

      long t0 = System.nanoTime();
      try {
        VersionRecord v = registry.register(c, draft("while the disk is full"));
        out("SECOND", v.id());
      } catch (ServiceException e) {
        out("ERROR_KIND", e.kind().name());
        out("ERROR_MESSAGE", e.getMessage().replace('\n', ' '));
      }
      out("ERROR_MS", Long.toString((System.nanoTime() - t0) / 1_000_000));
      out("IN_MEMORY", String.join(",", registry.list(null, null).stream().map(VersionRecord::id).toList()));
      try (Stream<Path> s = Files.list(root.resolve("versions"))) {
        out("ON_DISK", String.join(",", s.map(p -> p.getFileName().toString()).sorted().toList()));
      }

      // what the node sees when it restarts on this directory (disk still full)
      ModelRegistry reopened = new ModelRegistry(root);
      out("REOPENED", String.join(",", reopened.list(null, null).stream().map(VersionRecord::id).toList()));
      out("REOPENED_PRODUCTION", reopened.production(ModelKind.CLASSIFIER).orElse("none"));
      try (Classifier loaded = reopened.loadClassifier(v1.id(), engine)) {
        out("LOADS_FIRST", Long.toString(loaded.parameterCount()));
      }

      Files.delete(filler); // space again: registering works and takes the next id
      VersionRecord v2 = reopened.register(c, draft("after space was freed"));
      out("AFTER_FREEING", v2.id());
    }
    System.exit(0); // MXNet's threads would keep the JVM up
  }

  private static long fill(Path filler) {
    byte[] chunk = new byte[64 * 1024];
    long n = 0;
    try (OutputStream o = Files.newOutputStream(filler)) {
      while (true) {
        o.write(chunk);
        n += chunk.length;
      }
    } catch (IOException full) {
      return n;
    }
  }

  private static VersionRecord.Draft draft(String name) {
    return new VersionRecord.Draft(ModelKind.CLASSIFIER, name, "fp", "split", "{}", null, null, "test", null, null);
  }

  private static void out(String key, String value) {
    System.out.println(key + "=" + value);
  }
}
