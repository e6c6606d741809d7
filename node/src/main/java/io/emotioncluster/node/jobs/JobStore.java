package io.emotioncluster.node.jobs;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.emotioncluster.api.v1.JobInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job records on disk, one directory per job ({@code jobs/<id>/job.json}, plus its checkpoints),
 * so queued, running and finished jobs survive a restart. Records are the API's {@link JobInfo}
 * in JSON, replaced atomically on every update.
 */
public final class JobStore {

  private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
  private static final String FILE = "job.json";

  private final Path root;
  private final Map<String, JobInfo> jobs = new ConcurrentHashMap<>();

  public JobStore(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root);
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
          continue;
        }
        try {
          JobInfo.Builder b = JobInfo.newBuilder();
          JsonFormat.parser().ignoringUnknownFields().merge(Files.readString(f), b);
          jobs.put(b.getJobId(), b.build());
        } catch (IOException | RuntimeException e) {
          LOG.error("skipping job record {}: {}", f, e.getMessage());
        }
      }
    }
  }

  public Path directory(String jobId) {
    return root.resolve(jobId);
  }

  public Optional<JobInfo> get(String jobId) {
    return Optional.ofNullable(jobs.get(jobId));
  }

  /** Newest first. */
  public List<JobInfo> all() {
    return jobs.values().stream()
        .sorted(Comparator.comparingLong(JobInfo::getCreatedUnixMs).reversed().thenComparing(JobInfo::getJobId))
        .toList();
  }

  public Collection<JobInfo> values() {
    return jobs.values();
  }

  public synchronized void save(JobInfo job) {
    try {
      Path dir = directory(job.getJobId());
      Files.createDirectories(dir);
      Path tmp = dir.resolve(FILE + ".tmp");
      Files.writeString(tmp, JsonFormat.printer().print(job), StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
      }
      jobs.put(job.getJobId(), job);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save job " + job.getJobId(), e);
    }
  }
}
