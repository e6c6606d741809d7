package io.emotioncluster.node.evaluation;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.emotioncluster.api.v1.CompareResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finished experiments' comparisons on disk, {@code <data-dir>/experiments/<job id>.json} (the
 * API's {@link CompareResponse} in JSON), written once by the experiment job and atomically, so
 * Compare answers from the file after any restart and never retrains or recomputes.
 */
public final class ExperimentResults {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final Path dir;

  public ExperimentResults(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
  }

  /** Empty when the experiment has not finished (or never existed, or the id is not a job id). */
  public Optional<CompareResponse> load(String experimentId) {
    if (!ID.matcher(experimentId).matches() || experimentId.startsWith(".")) {
      return Optional.empty();
    }
    Path f = dir.resolve(experimentId + ".json");
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      CompareResponse.Builder b = CompareResponse.newBuilder();
      JsonFormat.parser().ignoringUnknownFields().merge(Files.readString(f, StandardCharsets.UTF_8), b);
      return Optional.of(b.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the comparison of experiment " + experimentId + " (" + f + ")", e);
    }
  }

  public void save(CompareResponse comparison) throws IOException {
    String id = comparison.getExperimentId();
    if (!ID.matcher(id).matches() || id.startsWith(".")) {
      throw new IllegalArgumentException("not an experiment id: '" + id + "'");
    }
    Path tmp = dir.resolve(id + ".json.tmp");
    try {
      Files.writeString(tmp, JsonFormat.printer().print(comparison), StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    try {
      Files.move(tmp, dir.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(id + ".json"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  public Path directory() {
    return dir;
  }
}
