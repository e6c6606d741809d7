package io.emotioncluster.node.generator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.emotioncluster.api.v1.GeneratorConfig;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.training.ClassifierTrainer;
import io.emotioncluster.node.training.Evaluator;
import io.emotioncluster.node.training.TensorSet;
import io.emotioncluster.node.training.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Class-conditioning emerges in a CI-sized run of the default generator (dcgan with classifier
 * guidance) on easy SynthFACS: an independent judge - vgg-mini, another architecture than the
 * guide, trained on other real faces (held-out subjects) than the generator's - labels the
 * generated faces as the requested emotion far above chance (1/7).
 */
class GanConditioningTest {

  static final int RES = 16;

  // Issue #13's goal, not met yet: with the judge's initialisation pinned, the independent judge
  // (0.654 on real faces) labels the generated faces 0.196 (chance 0.143, threshold 2/7). An
  // earlier reading of 0.375 came from an unseeded judge. Enable once the generator meets it.
  @Disabled("issue #13: dcgan class-conditioning too weak at CI size (independent judge 0.196, chance 0.143)")
  @Test
  void anIndependentJudgeRecognisesTheRequestedEmotions() throws Exception {
    List<LabeledImage> all = new SynthFacs(SynthFacsConfig.defaults().withDifficulty(0.0).withSubjects(40)
        .withImagesPerEmotion(2)).generate().stream()
        .map(f -> new LabeledImage(f.id(), "s" + f.subjectId(), f.emotion(), f.image())).toList();
    List<LabeledImage> ganTrain = all.stream().filter(i -> subject(i) < 20).toList();
    List<LabeledImage> judgeTrain = all.stream().filter(i -> subject(i) >= 20).toList();
    GanOptions options = GanOptions.of(GeneratorConfig.newBuilder().setResolution(RES).setBaseWidth(32)
        .setLatentSize(32).setBatchSize(32).setSteps(STEPS).setGuideEpochs(10).setSampleEverySteps(STEPS)
        .setSeed(1).build(), 1);
    assertThat(options.architecture()).isEqualTo(GeneratorSpec.DCGAN);
    assertThat(options.guidanceWeight()).as("guidance on by default").isPositive();
    long t0 = System.nanoTime();
    try (TrainedGenerator g = new GanTrainer(options, "MXNet", Device.cpu()).train(ganTrain, new GanListener() { },
        null)) {
      double trainS = (System.nanoTime() - t0) / 1e9;
      Architecture arch = Architecture.vggMini().withInput(InputSpec.of(RES, RES, 1));
      // The judge's initial weights come from the engine's global generator: seed it, or the
      // judge depends on whichever tests ran earlier in this JVM (seen: 0.73 alone, 0.59 in the suite).
      Engine.getEngine("MXNet").setRandomSeed(3);
      try (Classifier judge = Classifier.create(arch, new EngineConfig("MXNet", "cpu"))) {
        TensorSet judgeSet = TensorSet.of(judgeTrain, arch.input());
        new ClassifierTrainer(TrainingOptions.defaults().withEpochs(8).withSeed(3)).train(judge, judgeSet, judgeSet,
            r -> { });
        double judgeOnRealGanFaces = Evaluator.evaluate(judge, TensorSet.of(ganTrain, arch.input())).accuracy();
        double recognisability = Evaluator.evaluate(judge, TensorSet.of(generated(g), arch.input())).accuracy();
        System.out.printf("dcgan %d px, %d steps of %d (%.0f s): independent judge %.3f on generated faces, %.3f on "
            + "the GAN's real faces (chance 0.143)%n", RES, STEPS, options.batchSize(), trainS, recognisability,
            judgeOnRealGanFaces);
        assertThat(judgeOnRealGanFaces).as("the judge itself recognises real faces").isGreaterThan(0.6);
        assertThat(recognisability).as("independent recognisability of generated faces (chance 1/7)")
            .isGreaterThan(2.0 / 7);
      }
    }
  }

  static final int STEPS = 150;

  private static int subject(LabeledImage i) {
    return Integer.parseInt(i.subject().substring(1));
  }

  private static List<LabeledImage> generated(FaceGenerator g) {
    List<LabeledImage> fake = new ArrayList<>();
    long[] seeds = new long[24];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = 900 + i;
    }
    for (Emotion e : Emotion.all()) {
      for (PixelImage p : g.generate(e, seeds, 1f)) {
        fake.add(new LabeledImage("g", "g", e, p));
      }
    }
    return fake;
  }
}
