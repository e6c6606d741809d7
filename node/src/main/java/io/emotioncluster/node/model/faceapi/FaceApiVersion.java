package io.emotioncluster.node.model.faceapi;

import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.VersionRecord;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imported face-api expression model as a registry version: registered once per registry, as
 * a candidate. It never becomes production by itself; an operator promotes it.
 */
public final class FaceApiVersion {

  private static final Logger LOG = LoggerFactory.getLogger(FaceApiVersion.class);

  private FaceApiVersion() {}

  /** The registered imported version, if any. */
  public static Optional<VersionRecord> find(ModelRegistry registry) {
    return registry.list(ModelKind.CLASSIFIER, null).stream()
        .filter(v -> Architecture.FACEAPI_EXPRESSION.equals(v.architecture().name())
            && FaceApiImporter.SOURCE.equals(v.source()))
        .findFirst();
  }

  /** Registers the imported model unless the registry already holds it; returns the version. */
  public static VersionRecord ensureRegistered(ModelRegistry registry, EngineConfig engine) throws IOException {
    Optional<VersionRecord> existing = find(registry);
    if (existing.isPresent()) {
      return existing.get();
    }
    try (Classifier classifier = FaceApiImporter.load(engine)) {
      VersionRecord v = registry.register(classifier, new VersionRecord.Draft(ModelKind.CLASSIFIER,
          FaceApiImporter.DISPLAY_NAME, null, null, "", null, null, FaceApiImporter.SOURCE,
          FaceApiImporter.LICENSE, null));
      LOG.info("registered {} as version {} (a candidate: promote it to serve it by default)",
          FaceApiImporter.DISPLAY_NAME, v.id());
      return v;
    }
  }
}
