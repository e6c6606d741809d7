package io.emotioncluster.node.registry;

import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.training.EvaluationMetrics;
import java.util.List;
import java.util.Map;

/**
 * Everything the registry knows about one version, stored as {@code version.json} beside the
 * parameters file. Immutable once registered.
 *
 * @param trainingConfigJson the request that produced it, as JSON (the bootstrap records an
 *                           equivalent request; empty for imports)
 * @param sha256             of the parameters file, checked on every load
 * @param jobId              the training job that produced it (null for bootstrap/imports), so a
 *                           job resumed after a crash does not register its result twice
 * @param tags               free key/value labels, e.g. {@code experiment=job-..., arm=baseline, seed=3}
 * @param generatorSpecJson  generators only: the network's configuration, to rebuild it on load
 * @param generatorQualityJson generators only: KID, recognisability and CAS measured after training
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
    String jobId,
    Map<String, String> tags,
    String generatorSpecJson,
    String generatorQualityJson) {

  public VersionRecord {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** What a caller supplies; the registry fills in id, checksum, sizes and creation time. */
  public record Draft(ModelKind kind, String displayName, String datasetFingerprint,
      String splitFingerprint, String trainingConfigJson, EvaluationMetrics metrics,
      String parentVersion, String source, String license, String jobId,
      Map<String, String> tags, String generatorSpecJson, String generatorQualityJson) {

    /** A draft without tags or generator details (classifiers trained or imported on their own). */
    public Draft(ModelKind kind, String displayName, String datasetFingerprint, String splitFingerprint,
        String trainingConfigJson, EvaluationMetrics metrics, String parentVersion, String source,
        String license, String jobId) {
      this(kind, displayName, datasetFingerprint, splitFingerprint, trainingConfigJson, metrics, parentVersion,
          source, license, jobId, Map.of(), null, null);
    }
  }
}
