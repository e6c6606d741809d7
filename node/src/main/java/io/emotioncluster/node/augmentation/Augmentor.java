package io.emotioncluster.node.augmentation;

import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.generator.FaceGenerator;
import io.emotioncluster.node.generator.GeneratorProvider;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.VersionRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Adds generated images to a training split: opens the generator (and, for the confidence filter,
 * the production classifier), generates the plan's counts and closes both again. Shared by
 * classifier jobs with {@code augmentation} and by the augmented arm of experiments.
 */
public final class Augmentor {

  private final GeneratorProvider generators;
  private final ModelRegistry registry;
  private final EngineConfig engine;

  public Augmentor(GeneratorProvider generators, ModelRegistry registry, EngineConfig engine) {
    this.generators = generators;
    this.registry = registry;
    this.engine = engine;
  }

  /**
   * Checks at submit time what can be checked without loading anything: the generator version
   * exists and is a generator (NOT_FOUND / INVALID_ARGUMENT), there is a production generator when
   * none is named, and a production classifier when the confidence filter needs one.
   *
   * @param generatorNeeded false when the job trains its own generator (experiments)
   */
  public void validate(AugmentationPlan plan, String field, boolean generatorNeeded) {
    if (!plan.generatorVersion().isEmpty()) {
      requireGenerator(plan.generatorVersion(), field);
    } else if (generatorNeeded && registry.production(ModelKind.GENERATOR).isEmpty()) {
      throw ServiceException.precondition(field + ".generator_version is empty and this node has no production "
          + "generator; name a generator version or train and promote one (Train with kind GENERATOR_TRAINING)");
    }
    if (plan.minConfidence() > 0 && registry.production(ModelKind.CLASSIFIER).isEmpty()) {
      throw ServiceException.precondition(field + ".min_confidence filters with the production classifier, and "
          + "this node has none; promote a classifier or set min_confidence to 0");
    }
  }

  /** The id of the generator version the plan uses, checked; empty = production. */
  public String resolve(String versionId) {
    if (versionId.isEmpty()) {
      return registry.production(ModelKind.GENERATOR).orElseThrow(() -> ServiceException.precondition(
          "there is no production generator; name a generator version"));
    }
    return requireGenerator(versionId, "generator_version").id();
  }

  private VersionRecord requireGenerator(String id, String field) {
    VersionRecord v = registry.get(id).orElseThrow(() -> ServiceException.notFound(field + ".generator_version '" + id
        + "' does not exist; ListVersions with kind GENERATOR shows the generators"));
    if (v.kind() != ModelKind.GENERATOR) {
      throw ServiceException.invalid(field + ".generator_version " + id + " is a " + v.kind().name().toLowerCase()
          + "; augmentation needs a generator version");
    }
    return v;
  }

  /**
   * Generated images for {@code train} (the training split only), deterministic from {@code seed}.
   *
   * @param generatorVersion a resolved generator version id
   */
  public GeneratedData.Result generate(AugmentationPlan plan, String generatorVersion, List<LabeledImage> train,
      long seed, BooleanSupplier cancelled) {
    try (FaceGenerator generator = generators.open(generatorVersion)) {
      return generate(plan, generator, train, seed, cancelled);
    }
  }

  /** The same with a generator already at hand (e.g. an experiment's per-class PCA generator). */
  public GeneratedData.Result generate(AugmentationPlan plan, FaceGenerator generator, List<LabeledImage> train,
      long seed, BooleanSupplier cancelled) {
    if (plan.minConfidence() <= 0) {
      return GeneratedData.generate(generator, plan, GeneratedData.countByClass(train), seed,
          GeneratedData.Filter.KEEP_ALL, cancelled);
    }
    String production = registry.production(ModelKind.CLASSIFIER).orElseThrow(() -> ServiceException.precondition(
        "min_confidence needs a production classifier and there is none"));
    try (Classifier judge = registry.loadClassifier(production, engine)) {
      return GeneratedData.generate(generator, plan, GeneratedData.countByClass(train), seed,
          new ConfidenceFilter(judge, plan.minConfidence()), cancelled);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the production classifier " + production + " for the filter", e);
    }
  }
}
