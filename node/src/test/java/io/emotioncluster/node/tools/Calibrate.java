package io.emotioncluster.node.tools;

import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.training.ClassifierTrainer;
import io.emotioncluster.node.training.EvaluationMetrics;
import io.emotioncluster.node.training.Evaluator;
import io.emotioncluster.node.training.TensorSet;
import io.emotioncluster.node.training.TrainingOptions;
import java.util.List;

/**
 * Measures what a SynthFACS setting gives a vgg-mini (used to calibrate the default difficulty):
 * {@code Calibrate difficulty subjects imagesPerEmotion epochs batch lr}.
 */
public final class Calibrate {
  public static void main(String[] a) {
    double difficulty = Double.parseDouble(a[0]);
    int subjects = Integer.parseInt(a[1]);
    int per = Integer.parseInt(a[2]);
    int epochs = Integer.parseInt(a[3]);
    int batch = Integer.parseInt(a[4]);
    float lr = Float.parseFloat(a[5]);
    long t0 = System.nanoTime();
    SynthFacs synth = new SynthFacs(SynthFacsConfig.defaults().withDifficulty(difficulty).withSubjects(subjects)
        .withImagesPerEmotion(per));
    List<LabeledImage> all = synth.generate().stream()
        .map(f -> new LabeledImage(f.id(), "s" + f.subjectId(), f.emotion(), f.image())).toList();
    DatasetSplit split = DatasetSplit.of(all, 0.1, 0.2, 0, true);
    Architecture arch = Architecture.vggMini();
    TensorSet train = TensorSet.of(split.train(), arch.input());
    TensorSet val = TensorSet.of(split.validation(), arch.input());
    TensorSet test = TensorSet.of(split.test(), arch.input());
    System.out.printf("data ready in %.1f s (%d train)%n", (System.nanoTime() - t0) / 1e9, train.size());
    try (Classifier c = Classifier.create(arch, new EngineConfig("MXNet", "cpu"))) {
      new ClassifierTrainer(TrainingOptions.defaults().withEpochs(epochs).withBatch(batch, lr)).train(c, train, val,
          r -> System.out.printf("epoch %d loss %.3f train %.3f val %.3f %.0f img/s%n", r.epoch(), r.loss(),
              r.trainAccuracy(), r.validationAccuracy(), r.imagesPerSecond()));
      EvaluationMetrics m = Evaluator.evaluate(c, test);
      System.out.printf("RESULT difficulty %.2f subjects %d train %d test %d: accuracy %.3f macroF1 %.3f in %.0f s%n",
          difficulty, subjects, train.size(), test.size(), m.accuracy(), m.macroF1(), (System.nanoTime() - t0) / 1e9);
    }
  }
}
