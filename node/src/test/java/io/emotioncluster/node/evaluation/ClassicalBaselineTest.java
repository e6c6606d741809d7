package io.emotioncluster.node.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.training.EvaluationMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassicalBaselineTest {

  static List<LabeledImage> synth(int subjects, double difficulty, long seed) {
    SynthFacsConfig config = SynthFacsConfig.defaults().withSubjects(subjects).withImagesPerEmotion(2)
        .withDifficulty(difficulty).withSeed(seed);
    return new SynthFacs(config).generate().stream()
        .map(f -> new LabeledImage(f.id(), "s" + f.subjectId(), f.emotion(), f.image())).toList();
  }

  @Test
  void hogPlusLogisticRegressionRecognisesUnseenSubjectsWellAboveChance() {
    DatasetSplit split = DatasetSplit.of(synth(24, 0.3, 5), 0.0, 0.3, 0, true);
    long t0 = System.nanoTime();
    ClassicalBaseline baseline = new ClassicalBaseline(split.train(), split.test());
    int[] truth = split.test().stream().mapToInt(i -> i.emotion().index()).toArray();
    int[] first = baseline.predict(1);
    double accuracy = EvaluationMetrics.of(truth, first).accuracy();
    System.out.printf("classical baseline: %d train, %d test images of unseen subjects, accuracy %.3f in %.2f s%n",
        split.train().size(), split.test().size(), accuracy, (System.nanoTime() - t0) / 1e9);
    assertThat(accuracy).as("chance is 1/7 = 0.143").isGreaterThan(0.35);
    assertThat(baseline.predict(1)).as("the same seed fits the same model").isEqualTo(first);
  }

  @Test
  void hogFeaturesAreNormalisedBlocksOfTheExpectedLength() {
    HogFeatures hog = HogFeatures.defaults();
    float[] f = hog.of(synth(1, 0.5, 1).get(0).image());
    assertThat(f).hasSize(hog.length()).hasSize(7 * 7 * 36);
    for (int b = 0; b < 49; b++) {
      double s = 0;
      for (int j = 0; j < 36; j++) {
        s += f[b * 36 + j] * f[b * 36 + j];
      }
      assertThat(s).as("block %d is L2-normalised (or empty)", b).isLessThanOrEqualTo(1.0001);
    }
  }
}
