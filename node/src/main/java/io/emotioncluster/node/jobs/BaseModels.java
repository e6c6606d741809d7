package io.emotioncluster.node.jobs;

import ai.djl.engine.Engine;
import io.emotioncluster.api.v1.BaseModel;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.data.DatasetsRoot;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.model.Transfer;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.VersionRecord;
import java.io.IOException;

/**
 * Where a classifier's weights start from ({@link BaseModel}): a registered classifier version
 * or a backbone file, whose feature blocks are copied into a fresh network with a newly
 * initialised head; or nothing (from scratch). Shared by classifier and experiment jobs.
 */
final class BaseModels {

  private final ModelRegistry registry;
  private final EngineConfig engine;
  private final DatasetsRoot backbones;

  BaseModels(ModelRegistry registry, EngineConfig engine, DatasetsRoot backbones) {
    this.registry = registry;
    this.engine = engine;
    this.backbones = backbones;
  }

  static boolean isSet(BaseModel base) {
    return base.getSourceCase() != BaseModel.SourceCase.SOURCE_NOT_SET;
  }

  /** Checks the base before a job is queued: an existing classifier version, or a readable backbone path. */
  void validate(BaseModel base, TrainingPlan plan) {
    if (base.getSourceCase() == BaseModel.SourceCase.VERSION_ID) {
      VersionRecord v = registry.require(base.getVersionId());
      if (v.kind() != ModelKind.CLASSIFIER) {
        throw ServiceException.invalid("base.version_id " + v.id() + " is a " + v.kind().name().toLowerCase()
            + "; fine-tuning needs a classifier version");
      }
      if (plan.architectureGiven() && !v.architecture().name().equals(plan.architecture().name())) {
        throw ServiceException.invalid("base version " + v.id() + " is a " + v.architecture().name()
            + "; fine-tuning keeps the base architecture, so leave config.architecture empty or set it to "
            + v.architecture().name());
      }
    } else if (base.getSourceCase() == BaseModel.SourceCase.BACKBONE_PATH) {
      backbones.resolve(base.getBackbonePath());
    }
  }

  /** The architecture a job trains: the base version's, else the plan's. */
  Architecture architecture(TrainingPlan plan, BaseModel base) {
    if (base.getSourceCase() == BaseModel.SourceCase.VERSION_ID) {
      return registry.require(base.getVersionId()).architecture();
    }
    return plan.architecture();
  }

  /** A fresh network seeded with {@code seed}, its feature blocks taken from {@code base} if set. */
  Classifier initial(Architecture arch, BaseModel base, long seed) throws IOException {
    Engine.getEngine(engine.engine()).setRandomSeed((int) seed);
    Classifier fresh = Classifier.create(arch, engine);
    try {
      switch (base.getSourceCase()) {
        case VERSION_ID -> {
          try (Classifier from = registry.loadClassifier(base.getVersionId(), engine)) {
            Transfer.copyFeatures(from, fresh);
          }
        }
        case BACKBONE_PATH -> Transfer.loadBackbone(fresh, backbones.resolve(base.getBackbonePath()));
        default -> { }
      }
      return fresh;
    } catch (IOException | RuntimeException e) {
      fresh.close();
      if (e instanceof IOException io) {
        throw ServiceException.precondition("cannot start from " + base.getSourceCase().name().toLowerCase()
            + ": " + io.getMessage());
      }
      throw e;
    }
  }

  /** "feature blocks copied from v3" for job messages; empty from scratch. */
  static String describe(BaseModel base) {
    return switch (base.getSourceCase()) {
      case VERSION_ID -> "feature blocks copied from " + base.getVersionId() + "; head re-initialised";
      case BACKBONE_PATH -> "feature blocks loaded from backbone " + base.getBackbonePath() + "; head re-initialised";
      default -> "";
    };
  }
}
