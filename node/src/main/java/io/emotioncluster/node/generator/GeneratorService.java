package io.emotioncluster.node.generator;

import com.google.protobuf.ByteString;
import io.emotioncluster.api.v1.GeneratorConfig;
import io.emotioncluster.api.v1.SampleGrid;
import io.emotioncluster.api.v1.TrainingProgress;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.image.PngCodec;
import io.emotioncluster.node.jobs.JobRun;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.VersionRecord;
import io.emotioncluster.node.training.TrainingCancelledException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generator side of a node: opens registered generators (a few stay loaded, shared by
 * Generate calls and augmentation jobs) and trains, measures and registers new ones.
 */
public final class GeneratorService implements GeneratorProvider {

  private static final Logger LOG = LoggerFactory.getLogger(GeneratorService.class);
  static final int CACHED = 3;
  static final String CHECKPOINT_DIR = "gan-checkpoint";

  private final ModelRegistry registry;
  private final EngineConfig engine;
  private final Map<String, Shared> cache = new LinkedHashMap<>(8, 0.75f, true);

  public GeneratorService(ModelRegistry registry, EngineConfig engine) {
    this.registry = registry;
    this.engine = engine;
  }

  /** The version a request means: the given id, or the production generator. */
  public VersionRecord resolve(String versionId) {
    if (versionId == null || versionId.isBlank()) {
      String id = registry.production(ModelKind.GENERATOR).orElseThrow(() -> ServiceException.precondition(
          "there is no production generator on this node: train one with `bin/emotion-admin train --kind "
              + "generator --promote` (a GENERATOR_TRAINING job with promote_when_done) or promote a generator "
              + "version, or name one in generator_version"));
      return registry.require(id);
    }
    VersionRecord v = registry.get(versionId).orElseThrow(() -> ServiceException.notFound("model version '"
        + versionId + "' does not exist; ListVersions with kind GENERATOR shows the generators"));
    if (v.kind() != ModelKind.GENERATOR) {
      throw ServiceException.invalid("version " + versionId + " is a " + v.kind().name().toLowerCase()
          + ", not a generator; ListVersions with kind GENERATOR shows the generators");
    }
    return v;
  }

  @Override
  public FaceGenerator open(String versionId) {
    VersionRecord v = resolve(versionId);
    Shared s;
    synchronized (cache) {
      s = cache.get(v.id());
      if (s == null) {
        s = new Shared(load(v));
        cache.put(v.id(), s);
        evict();
      }
      s.users++;
    }
    return new Handle(s);
  }

  private TrainedGenerator load(VersionRecord v) {
    try {
      Path params = registry.verifiedParametersFile(v.id());
      return TrainedGenerator.load(GeneratorSpec.fromJson(v.generatorSpecJson()), params, engine.engine(),
          engine.djlDevice(), v.id());
    } catch (IOException | IllegalArgumentException e) {
      throw new ServiceException(ServiceException.Kind.DATA_LOSS, "cannot load generator " + v.id() + ": "
          + e.getMessage(), e);
    }
  }

  /** Keeps at most {@link #CACHED} generators; an evicted one closes when its last user lets go. */
  private void evict() {
    while (cache.size() > CACHED) {
      var eldest = cache.entrySet().iterator().next();
      cache.remove(eldest.getKey());
      eldest.getValue().evicted = true;
      eldest.getValue().closeIfUnused();
    }
  }

  /** A loaded generator with a count of open handles (guarded by the cache lock). */
  private final class Shared {
    final TrainedGenerator generator;
    int users;
    boolean evicted;

    Shared(TrainedGenerator generator) {
      this.generator = generator;
    }

    void closeIfUnused() {
      if (evicted && users == 0) {
        generator.close();
      }
    }
  }

  private final class Handle implements FaceGenerator {
    private final Shared shared;
    private boolean closed;

    Handle(Shared shared) {
      this.shared = shared;
    }

    @Override
    public String versionId() {
      return shared.generator.versionId();
    }

    @Override
    public int resolution() {
      return shared.generator.resolution();
    }

    @Override
    public int channels() {
      return shared.generator.channels();
    }

    @Override
    public List<PixelImage> generate(Emotion emotion, long[] seeds, float truncation) {
      return shared.generator.generate(emotion, seeds, truncation);
    }

    @Override
    public void close() {
      synchronized (cache) {
        if (!closed) {
          closed = true;
          shared.users--;
          shared.closeIfUnused();
        }
      }
    }
  }

  // ---- training ---------------------------------------------------------------------------------

  @Override
  public String trainAndRegister(JobRun run, List<LabeledImage> train, List<LabeledImage> test,
      GeneratorConfig config, Map<String, String> tags) throws Exception {
    return trainAndRegister(run, train, test, config, tags, "generator", DatasetSplit.fingerprint(train),
        DatasetSplit.fingerprint(test), "").version().id();
  }

  /** What one training produced. */
  public record Result(VersionRecord version, GeneratorQualityReport quality) {}

  /**
   * Trains on {@code train} (resuming from the checkpoint in the job's directory if there is one),
   * measures quality against {@code test} with the production classifier, and registers the EMA
   * generator.
   */
  public Result trainAndRegister(JobRun run, List<LabeledImage> train, List<LabeledImage> test,
      GeneratorConfig config, Map<String, String> tags, String displayName, String datasetFingerprint,
      String splitFingerprint, String trainingConfigJson) throws Exception {
    if (train.isEmpty()) {
      throw ServiceException.precondition("no training images for the generator");
    }
    VersionRecord base = baseOf(config);
    GanOptions options = GanOptions.of(config, train.get(0).image().channels(),
        base == null ? null : GeneratorSpec.fromJson(base.generatorSpecJson()));
    checkBase(base, options);
    Path checkpoint = run.directory().resolve(CHECKPOINT_DIR);
    int resumeAt = GanTrainer.checkpointStep(checkpoint);
    run.phase("training", (resumeAt > 0 ? "resuming after step " + resumeAt + ": " : "")
        + (base == null ? "" : "fine-tuning " + base.id() + ": ") + "generator " + options.spec().describe() + ", "
        + options.steps() + " steps of batch " + options.batchSize() + " on " + train.size() + " images"
        + (options.guidanceWeight() > 0 ? "; classifier guidance " + options.guidanceWeight() + " (guide trained "
            + options.guideEpochs() + " epochs on the training split first)" : ""));
    GanTrainer trainer = new GanTrainer(options, engine.engine(), engine.djlDevice());
    if (base != null) {
      trainer.startingFrom(registry.verifiedParametersFile(base.id()));
    }
    try (TrainedGenerator g = trainer.train(train, listener(run), checkpoint)) {
      run.phase("evaluating", "measuring KID, recognisability and CAS on " + test.size() + " real test images");
      GeneratorQualityReport quality = measure(g, train, test, options.qualityImagesPerEmotion());
      if (run.cancelRequested()) {
        throw new TrainingCancelledException();
      }
      run.phase("registering", quality.summary());
      VersionRecord v = registry.register(g, new VersionRecord.Draft(ModelKind.GENERATOR, displayName,
          datasetFingerprint, splitFingerprint, trainingConfigJson, null, null, "trained", null, run.jobId(),
          tags, g.spec().toJson(), quality.toJson()));
      GanTrainer.deleteTree(checkpoint);
      return new Result(v, quality);
    }
  }

  private GeneratorQualityReport measure(TrainedGenerator g, List<LabeledImage> train, List<LabeledImage> test,
      int perEmotion) {
    GeneratorQualityMeter meter = new GeneratorQualityMeter(engine);
    Optional<String> production = registry.production(ModelKind.CLASSIFIER);
    if (production.isEmpty()) {
      return meter.measure(g, train, test, perEmotion, null, "", "there is no production classifier on this node");
    }
    try (Classifier c = registry.loadClassifier(production.get(), engine)) {
      return meter.measure(g, train, test, perEmotion, c, production.get(), "");
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not load production classifier {} for generator quality: {}", production.get(), e.toString());
      return meter.measure(g, train, test, perEmotion, null, "", "the production classifier " + production.get()
          + " could not be loaded: " + e.getMessage());
    }
  }

  /**
   * The version named by {@code config.base_version}, or null when unset. NOT_FOUND for an
   * unknown id, INVALID_ARGUMENT for a classifier.
   */
  public VersionRecord baseOf(GeneratorConfig config) {
    String id = config.getBaseVersion().trim();
    if (id.isEmpty()) {
      return null;
    }
    VersionRecord v = registry.get(id).orElseThrow(() -> ServiceException.notFound("generator.base_version '" + id
        + "' does not exist; ListVersions with kind GENERATOR shows the generators"));
    if (v.kind() != ModelKind.GENERATOR) {
      throw ServiceException.invalid("generator.base_version " + id + " is a " + v.kind().name().toLowerCase()
          + ", not a generator; ListVersions with kind GENERATOR shows the generators");
    }
    return v;
  }

  /**
   * Checks a fine-tune request before any work: the base exists and the options (its sizes
   * filling the unset ones) build the same network. Throws INVALID_ARGUMENT / NOT_FOUND.
   */
  public void validate(GeneratorConfig config) {
    VersionRecord base = baseOf(config);
    GanOptions options = GanOptions.of(config, 1, base == null ? null : GeneratorSpec.fromJson(base.generatorSpecJson()));
    if (base != null && config.getChannels() == 0) {
      return; // channels come from the base, dataset channels are checked when training starts
    }
    checkBase(base, options);
  }

  private static void checkBase(VersionRecord base, GanOptions options) {
    if (base == null) {
      return;
    }
    GeneratorSpec spec = GeneratorSpec.fromJson(base.generatorSpecJson());
    if (!spec.sameNetworkAs(options.spec())) {
      throw ServiceException.invalid("generator.base_version " + base.id() + " is a " + spec.describe()
          + " generator; this job asks for a " + options.spec().describe() + " one: fine-tuning needs the same "
          + "architecture and sizes (leave them unset to take the base's)");
    }
  }

  private static GanListener listener(JobRun run) {
    return new GanListener() {
      TrainingProgress last = TrainingProgress.getDefaultInstance();

      @Override
      public void onProgress(Progress p) {
        last = TrainingProgress.newBuilder()
            .setStep(p.step())
            .setTotalSteps(p.totalSteps())
            .setLoss((float) (p.generatorLoss() + p.discriminatorLoss()))
            .setGeneratorLoss((float) p.generatorLoss())
            .setDiscriminatorLoss((float) p.discriminatorLoss())
            .setImagesPerSecond((float) p.imagesPerSecond())
            .setEtaS(p.etaSeconds())
            .build();
        run.progress(last);
      }

      @Override
      public void onSamples(int step, Map<Emotion, PixelImage> grids) {
        List<SampleGrid> out = new ArrayList<>();
        grids.forEach((e, img) -> out.add(SampleGrid.newBuilder()
            .setEmotion(io.emotioncluster.api.v1.Emotion.forNumber(e.index() + 1))
            .setPng(ByteString.copyFrom(PngCodec.encode(img)))
            .build()));
        run.samples(last, out);
      }

      @Override
      public boolean cancelRequested() {
        return run.cancelRequested();
      }
    };
  }
}
