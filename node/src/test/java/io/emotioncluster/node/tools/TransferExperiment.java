package io.emotioncluster.node.tools;

import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.model.Transfer;
import io.emotioncluster.node.training.ClassifierTrainer;
import io.emotioncluster.node.training.EvaluationMetrics;
import io.emotioncluster.node.training.Evaluator;
import io.emotioncluster.node.training.TensorSet;
import io.emotioncluster.node.training.TrainingListener;
import io.emotioncluster.node.training.TrainingOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline proof that transfer learning works (docs/results.md): pretrain vgg-mini on a large
 * SynthFACS source in the "line" style, then train on a small target set in the "shaded" style
 * (other people, another rendering) from scratch and by fine-tuning, over several seeds, and
 * score both on the same held-out target subjects.
 *
 * <p>Arguments (all optional): targetSubjects sourceSubjects targetEpochs seeds freezeEpochs unfreezeFactor
 * sourceEpochs (defaults 20 60 30 3 3 0.1 20).
 */
public final class TransferExperiment {

  static final EngineConfig CPU = new EngineConfig("MXNet", "cpu");

  public static void main(String[] a) {
    int targetSubjects = a.length > 0 ? Integer.parseInt(a[0]) : 20;
    int sourceSubjects = a.length > 1 ? Integer.parseInt(a[1]) : 60;
    int targetEpochs = a.length > 2 ? Integer.parseInt(a[2]) : 30;
    int seeds = a.length > 3 ? Integer.parseInt(a[3]) : 3;
    int freezeEpochs = a.length > 4 ? Integer.parseInt(a[4]) : 3;
    float unfreezeFactor = a.length > 5 ? Float.parseFloat(a[5]) : 0.1f;
    int sourceEpochs = a.length > 6 ? Integer.parseInt(a[6]) : 20;
    long t0 = System.nanoTime();
    Architecture arch = Architecture.vggMini();

    // Source: many subjects, line style.
    List<LabeledImage> source = images(SynthFacsConfig.defaults().withSubjects(sourceSubjects).withImagesPerEmotion(4)
        .withSeed(100));
    DatasetSplit sourceSplit = DatasetSplit.of(source, 0.1, 0.1, 0, true);
    // Target: different people (another seed), shaded style; a small training set and a fixed
    // held-out test set of other subjects.
    List<LabeledImage> targetTrain = images(SynthFacsConfig.defaults().withStyle("shaded").withSubjects(targetSubjects)
        .withImagesPerEmotion(2).withSeed(200));
    List<LabeledImage> targetTest = images(SynthFacsConfig.defaults().withStyle("shaded").withSubjects(30)
        .withImagesPerEmotion(2).withSeed(300));
    TensorSet srcTrain = TensorSet.of(sourceSplit.train(), arch.input());
    TensorSet srcVal = TensorSet.of(sourceSplit.validation(), arch.input());
    TensorSet tgtTrain = TensorSet.of(targetTrain, arch.input());
    TensorSet tgtTest = TensorSet.of(targetTest, arch.input());
    System.out.printf("source %d train images (line style); target %d train images, %d test images (shaded style, "
        + "unseen subjects)%n", srcTrain.size(), tgtTrain.size(), tgtTest.size());

    try (Classifier pretrained = Classifier.create(arch, CPU)) {
      new ClassifierTrainer(TrainingOptions.defaults().withEpochs(sourceEpochs)).train(pretrained, srcTrain, srcVal,
          r -> System.out.printf("  source epoch %d loss %.3f val %.3f%n", r.epoch(), r.loss(), r.validationAccuracy()));
      EvaluationMetrics zeroShot = Evaluator.evaluate(pretrained, tgtTest);
      System.out.printf("source model on the target test set, no target training: accuracy %.3f macro-F1 %.3f%n",
          zeroShot.accuracy(), zeroShot.macroF1());

      List<double[]> scratch = new ArrayList<>();
      List<double[]> fineTuned = new ArrayList<>();
      for (int seed = 1; seed <= seeds; seed++) {
        TrainingOptions opts = TrainingOptions.defaults().withEpochs(targetEpochs).withSeed(seed).withAugment(true)
            .withBatch(16, 1e-3f);
        try (Classifier c = Classifier.create(arch, CPU)) {
          new ClassifierTrainer(opts).train(c, tgtTrain, null, TrainingListener.NONE);
          EvaluationMetrics m = Evaluator.evaluate(c, tgtTest);
          scratch.add(new double[] {m.accuracy(), m.macroF1()});
          System.out.printf("seed %d scratch     accuracy %.3f macro-F1 %.3f%n", seed, m.accuracy(), m.macroF1());
        }
        try (Classifier c = Classifier.create(arch, CPU)) {
          Transfer.copyFeatures(pretrained, c);
          new ClassifierTrainer(opts.withTransfer(freezeEpochs, unfreezeFactor)).train(c, tgtTrain, null, TrainingListener.NONE);
          EvaluationMetrics m = Evaluator.evaluate(c, tgtTest);
          fineTuned.add(new double[] {m.accuracy(), m.macroF1()});
          System.out.printf("seed %d fine-tuned  accuracy %.3f macro-F1 %.3f%n", seed, m.accuracy(), m.macroF1());
        }
      }
      System.out.printf("RESULT scratch    accuracy %s macro-F1 %s%n", meanSd(scratch, 0), meanSd(scratch, 1));
      System.out.printf("RESULT fine-tuned accuracy %s macro-F1 %s%n", meanSd(fineTuned, 0), meanSd(fineTuned, 1));
      System.out.printf("RESULT zero-shot  accuracy %.3f macro-F1 %.3f; total %.0f s%n", zeroShot.accuracy(),
          zeroShot.macroF1(), (System.nanoTime() - t0) / 1e9);
    }
  }

  static List<LabeledImage> images(SynthFacsConfig config) {
    return new SynthFacs(config).generate().stream()
        .map(f -> new LabeledImage(f.id() + "@" + config.seed(), "s" + f.subjectId(), f.emotion(), f.image())).toList();
  }

  static String meanSd(List<double[]> runs, int k) {
    double mean = runs.stream().mapToDouble(r -> r[k]).average().orElse(Double.NaN);
    double var = runs.stream().mapToDouble(r -> (r[k] - mean) * (r[k] - mean)).sum() / Math.max(1, runs.size() - 1);
    return String.format("%.3f ± %.3f (n=%d)", mean, Math.sqrt(var), runs.size());
  }
}
