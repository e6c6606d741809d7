package io.emotioncluster.node.augmentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.evaluation.ClassicalBaseline;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.training.EvaluationMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PcaGeneratorTest {

  @Test
  void samplesAreRecognisedAsTheirEmotionByAnIndependentClassifier() {
    SynthFacsConfig config = SynthFacsConfig.defaults().withSubjects(24).withImagesPerEmotion(2).withDifficulty(0.3)
        .withSeed(11);
    List<LabeledImage> all = new SynthFacs(config).generate().stream()
        .map(f -> new LabeledImage(f.id(), "s" + f.subjectId(), f.emotion(), f.image())).toList();
    DatasetSplit split = DatasetSplit.of(all, 0.0, 0.3, 0, true);
    long t0 = System.nanoTime();
    PcaGenerator pca = PcaGenerator.fit(split.train(), 48, 1, PcaGenerator.DEFAULT_COMPONENTS, 1);
    double fitSeconds = (System.nanoTime() - t0) / 1e9;
    List<LabeledImage> generated = new ArrayList<>();
    for (Emotion e : Emotion.all()) {
      long[] seeds = new long[20];
      for (int i = 0; i < seeds.length; i++) {
        seeds[i] = 1000L * e.index() + i;
      }
      List<PixelImage> images = pca.generate(e, seeds, 1f);
      assertThat(pca.generate(e, seeds, 1f).get(3).pixels()).as("deterministic").isEqualTo(images.get(3).pixels());
      assertThat(images.get(0).pixels()).as("samples differ").isNotEqualTo(images.get(1).pixels());
      images.forEach(img -> generated.add(new LabeledImage("pca/" + e.label(), "pca", e, img)));
    }
    // The judge (HOG + logistic regression) is trained on real training images only and has no
    // part in the generator; it labels real test faces and the generated faces.
    int[] truth = generated.stream().mapToInt(i -> i.emotion().index()).toArray();
    double onGenerated = EvaluationMetrics.of(truth, new ClassicalBaseline(split.train(), generated).predict(1))
        .accuracy();
    int[] realTruth = split.test().stream().mapToInt(i -> i.emotion().index()).toArray();
    double onReal = EvaluationMetrics.of(realTruth, new ClassicalBaseline(split.train(), split.test()).predict(1))
        .accuracy();
    System.out.printf("PCA generator: fitted on %d images in %.2f s; the judge's accuracy on its samples %.3f, on "
        + "real unseen faces %.3f%n", split.train().size(), fitSeconds, onGenerated, onReal);
    assertThat(onGenerated).as("chance is 1/7 = 0.143").isGreaterThan(0.4);
  }
}
