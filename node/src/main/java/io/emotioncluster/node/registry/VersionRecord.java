package io.emotioncluster.node.registry;

import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.training.EvaluationMetrics;
import java.util.List;

/**
 * Everything the registry knows about one version, stored as {@code version.json} beside the
 * parameters file. Immutable once registered.
 *
 * @param trainingConfigJson the request that produced it, as JSON (the bootstrap records an
 *                           equivalent request; empty for imports)
 * @param sha256             of the parameters file, checked on every load
 * @param jobId              the training job that produced it (null for bootstrap/imports), so a
 *                           job resumed after a crash does not register its result twice
 */
public record VersionRecord(
    String id,
    ModelKind kind,
    String displayName,
    Architecture architecture,
    List<String> classOrder,
    String datasetFingerprint,
    String splitFingerprint,
    String trainingConfigJson,
    EvaluationMetrics metrics,
    long createdUnixMs,
    String parentVersion,
    String sha256,
    long parametersBytes,
    long parameterCount,
    String engine,
    String source,
    String license,
    String jobId) {

  /** What a caller supplies; the registry fills in id, checksum, sizes and creation time. */
  public record Draft(ModelKind kind, String displayName, String datasetFingerprint,
      String splitFingerprint, String trainingConfigJson, EvaluationMetrics metrics,
      String parentVersion, String source, String license, String jobId) {}
}
