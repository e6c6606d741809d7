package io.emotioncluster.node.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A real training run: vgg-mini on SynthFACS, scored on subjects it never saw. */
class ClassifierTrainingTest {

  @Test
  void vggMiniLearnsSynthFacsWellAboveChanceOnUnseenSubjects() {
    SynthFacs synth = new SynthFacs(SynthFacsConfig.defaults().withDifficulty(0.3).withSubjects(40).withImagesPerEmotion(4));
    List<LabeledImage> all = synth.generate().stream()
        .map(f -> new LabeledImage(f.id(), "s" + f.subjectId(), f.emotion(), f.image())).toList();
    DatasetSplit split = DatasetSplit.of(all, 0.1, 0.2, 0, true);
    assertThat(split.subjectIndependent()).isTrue();
    Architecture arch = Architecture.vggMini();
    TensorSet train = TensorSet.of(split.train(), arch.input());
    TensorSet val = TensorSet.of(split.validation(), arch.input());
    TensorSet test = TensorSet.of(split.test(), arch.input());
    List<TrainingListener.EpochReport> reports = new ArrayList<>();

    EvaluationMetrics metrics;
    try (Classifier classifier = Classifier.create(arch, new EngineConfig("MXNet", "cpu"))) {
      new ClassifierTrainer(TrainingOptions.defaults().withEpochs(8)).train(classifier, train, val, reports::add);
      metrics = Evaluator.evaluate(classifier, test);
    }

    System.out.printf("vgg-mini on SynthFACS (train %d, test %d images): test accuracy %.3f, macro-F1 %.3f%n",
        train.size(), test.size(), metrics.accuracy(), metrics.macroF1());
    reports.forEach(r -> System.out.printf("  epoch %d loss %.3f train %.3f val %.3f (%.0f img/s)%n",
        r.epoch(), r.loss(), r.trainAccuracy(), r.validationAccuracy(), r.imagesPerSecond()));
    assertThat(reports).hasSize(8);
    assertThat(reports.get(7).loss()).isLessThan(reports.get(0).loss());
    assertThat(metrics.testImages()).isEqualTo(test.size());
    assertThat(metrics.accuracy()).as("held-out accuracy vs 3x chance").isGreaterThanOrEqualTo(3.0 / 7);
  }

  @Test
  void metricsAreComputedFromTheConfusionMatrix() {
    int[] truth = {0, 0, 1, 1, 2, 2};
    int[] pred = {0, 1, 1, 1, 2, 0};
    EvaluationMetrics m = EvaluationMetrics.of(truth, pred);
    assertThat(m.accuracy()).isEqualTo(4.0 / 6);
    assertThat(m.confusion()[0 * 7 + 1]).isEqualTo(1);
    assertThat(m.perClass().get(1).precision()).isEqualTo(2.0 / 3);
    assertThat(m.perClass().get(1).recall()).isEqualTo(1.0);
    assertThat(m.perClass().get(0).f1()).isEqualTo(0.5);
    // macro-F1 averages the classes present (0, 1, 2)
    assertThat(m.macroF1()).isCloseTo((0.5 + 0.8 + 2.0 / 3) / 3, org.assertj.core.api.Assertions.within(1e-9));
  }
}
