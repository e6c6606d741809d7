package io.emotioncluster.node.app;

import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFace;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.generator.BundledGenerator;
import io.emotioncluster.node.image.ImageDecoder;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.registry.VersionRecord;
import io.emotioncluster.node.training.ClassifierTrainer;
import io.emotioncluster.node.training.EvaluationMetrics;
import io.emotioncluster.node.training.Evaluator;
import io.emotioncluster.node.training.TensorSet;
import io.emotioncluster.node.training.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start on an empty data directory: train vgg-mini on SynthFACS, register it as the first
 * version and make it production, so a fresh node answers Classify without any setup. Also
 * leaves a few held-out sample images in {@code <data>/samples} to try the node with.
 */
public final class Bootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

  private Bootstrap() {}

  public static VersionRecord run(ModelRegistry registry, EngineConfig engine, BootstrapPlan plan,
      Path samplesDir) throws IOException {
    long t0 = System.nanoTime();
    SynthFacs synth = new SynthFacs(plan.data());
    LOG.info("BOOTSTRAP: empty model registry -> training a first classifier (vgg-mini) on {} SynthFACS "
        + "images ({} subjects, difficulty {}), {} epochs; the node serves once it is registered",
        synth.size(), plan.data().subjects(), plan.data().difficulty(), plan.training().epochs());
    List<LabeledImage> all = synth.generate().stream().map(Bootstrap::labeled).toList();
    DatasetSplit split = DatasetSplit.of(all, 0.1, 0.2, plan.training().seed(), true);
    Architecture arch = Architecture.vggMini().withInput(
        io.emotioncluster.node.image.InputSpec.of(plan.data().imageSize(), plan.data().imageSize(),
            plan.data().channels()));
    TensorSet train = TensorSet.of(split.train(), arch.input());
    TensorSet val = TensorSet.of(split.validation(), arch.input());
    TensorSet test = TensorSet.of(split.test(), arch.input());
    // Seeded weights: a fresh node's first model is the same everywhere (unseeded, the test
    // accuracy of this bootstrap was seen to vary from 0.47 to 0.64 between runs).
    ai.djl.engine.Engine.getEngine(engine.engine()).setRandomSeed((int) plan.training().seed());
    try (Classifier classifier = Classifier.create(arch, engine)) {
      new ClassifierTrainer(plan.training()).train(classifier, train, val, report ->
          LOG.info("BOOTSTRAP: epoch {}/{} loss {} train acc {} val acc {} ({} img/s, ~{} s left)",
              report.epoch(), report.totalEpochs(), fmt(report.loss()), fmt(report.trainAccuracy()),
              fmt(report.validationAccuracy()), Math.round(report.imagesPerSecond()), report.etaSeconds()));
      EvaluationMetrics metrics = Evaluator.evaluate(classifier, test);
      VersionRecord v = registry.register(classifier, new VersionRecord.Draft(ModelKind.CLASSIFIER,
          "bootstrap vgg-mini on SynthFACS", synth.fingerprint(), split.testFingerprint(), requestJson(plan),
          metrics, null, "bootstrap", null, null));
      registry.promote(v.id());
      writeSamples(split.test(), samplesDir);
      if (plan.bundledGenerator()) {
        registerBundledGenerator(registry, engine);
      }
      LOG.info("BOOTSTRAP: done in {} s: version {} is production; test accuracy {} (macro-F1 {}) on "
          + "{} held-out images of unseen subjects; sample images in {}", (System.nanoTime() - t0) / 1_000_000_000,
          v.id(), fmt(metrics.accuracy()), fmt(metrics.macroF1()), metrics.testImages(), samplesDir);
      return v;
    }
  }

  /**
   * Registers and promotes the generator shipped with the node, so Generate works at once. A
   * failure is logged and leaves the node without a generator (operators can train one).
   */
  static void registerBundledGenerator(ModelRegistry registry, EngineConfig engine) {
    try {
      BundledGenerator.register(registry, engine).ifPresentOrElse(
          v -> LOG.info("BOOTSTRAP: registered the bundled generator as {} (production generator): try "
              + "`bin/emotion-admin generate --out generated/`", v.id()),
          () -> LOG.info("BOOTSTRAP: this build ships no generator; train one with `bin/emotion-admin train "
              + "--kind generator --promote`"));
    } catch (IOException | RuntimeException e) {
      LOG.error("BOOTSTRAP: could not register the bundled generator ({}); train one with `bin/emotion-admin "
          + "train --kind generator --promote`", e.getMessage());
    }
  }

  /** The bootstrap as the Train request that reproduces its data and split (for Compare). */
  static String requestJson(BootstrapPlan plan) {
    var d = plan.data();
    var request = io.emotioncluster.api.v1.TrainRequest.newBuilder()
        .setDisplayName("bootstrap")
        .setDataset(io.emotioncluster.api.v1.DatasetSpec.newBuilder()
            .setSynthfacs(io.emotioncluster.api.v1.SynthFacsSpec.newBuilder()
                .setSubjects(d.subjects()).setImagesPerEmotion(d.imagesPerEmotion())
                .setDifficulty((float) d.difficulty()).setSeed(d.seed()).setImageSize(d.imageSize())
                .setChannels(d.channels()).setStyle(d.style()))
            .setSplit(io.emotioncluster.api.v1.SplitSpec.newBuilder()
                .setValidationFraction(0.1f).setTestFraction(0.2f).setSeed(plan.training().seed())
                .setSubjectIndependent(true)))
        .setConfig(io.emotioncluster.api.v1.TrainingConfig.newBuilder()
            .setArchitecture("vgg-mini").setEpochs(plan.training().epochs()).setSeed(plan.training().seed()))
        .build();
    try {
      return com.google.protobuf.util.JsonFormat.printer().omittingInsignificantWhitespace().print(request);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static LabeledImage labeled(SynthFace f) {
    return new LabeledImage(f.id(), "s" + f.subjectId(), f.emotion(), f.image());
  }

  /** One PNG per emotion from the test split (subjects the model never saw). */
  private static void writeSamples(List<LabeledImage> test, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (var e : io.emotioncluster.node.model.Emotion.all()) {
      var first = test.stream().filter(i -> i.emotion() == e).findFirst();
      if (first.isPresent()) {
        ImageIO.write(ImageDecoder.toBuffered(first.get().image()), "png",
            dir.resolve(e.label() + ".png").toFile());
      }
    }
  }

  private static String fmt(double d) {
    return Double.isNaN(d) ? "-" : String.format("%.3f", d);
  }
}
