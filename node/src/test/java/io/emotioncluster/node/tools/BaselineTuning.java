package io.emotioncluster.node.tools;

import io.emotioncluster.node.app.BootstrapPlan;
import io.emotioncluster.node.data.DatasetSplit;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.evaluation.ClassicalBaseline;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.Transfer;
import io.emotioncluster.node.training.ClassifierTrainer;
import io.emotioncluster.node.training.EvaluationMetrics;
import io.emotioncluster.node.training.Evaluator;
import io.emotioncluster.node.training.TensorSet;
import io.emotioncluster.node.training.TrainingListener;
import io.emotioncluster.node.training.TrainingOptions;
import java.util.List;

/**
 * Tunes the experiment's real-only arms against the classical baseline on the paper protocol's
 * target split: source = the bootstrap's data (line style, seed 0), target = other people (seed
 * {@code targetSeed}) in the shaded style. Prints HOG + logistic regression, the source model
 * applied as is, and scratch / fine-tuned vgg-mini per seed, with each run's time.
 * {@code BaselineTuning targetSubjects imagesPerEmotion testFraction epochs freeze unfreezeFactor patience augment
 * seeds sourceEpochs lr batch [sourceSubjects]}} (source: the bootstrap's data, 60 subjects unless given)
 */
public final class BaselineTuning {
  public static void main(String[] a) throws Exception {
    int subjects = Integer.parseInt(a[0]);
    int per = Integer.parseInt(a[1]);
    double testFraction = Double.parseDouble(a[2]);
    int epochs = Integer.parseInt(a[3]);
    int freeze = Integer.parseInt(a[4]);
    float factor = Float.parseFloat(a[5]);
    int patience = Integer.parseInt(a[6]);
    boolean augment = Boolean.parseBoolean(a[7]);
    int seeds = Integer.parseInt(a[8]);
    int sourceEpochs = Integer.parseInt(a[9]);
    float lr = Float.parseFloat(a[10]);
    int batch = Integer.parseInt(a[11]);
    int sourceSubjects = a.length > 12 ? Integer.parseInt(a[12]) : BootstrapPlan.defaults().data().subjects();
    long t0 = System.nanoTime();
    Architecture arch = Architecture.vggMini();
    BootstrapPlan boot = BootstrapPlan.defaults();
    List<LabeledImage> source = TransferExperiment.images(boot.data().withSubjects(sourceSubjects));
    DatasetSplit sourceSplit = DatasetSplit.of(source, 0.1, 0.2, 0, true);
    List<LabeledImage> target = TransferExperiment.images(SynthFacsConfig.defaults().withStyle("shaded")
        .withSubjects(subjects).withImagesPerEmotion(per).withSeed(7));
    DatasetSplit split = DatasetSplit.of(target, 0.1, testFraction, 0, true);
    TensorSet train = TensorSet.of(split.train(), arch.input());
    TensorSet val = TensorSet.of(split.validation(), arch.input());
    TensorSet test = TensorSet.of(split.test(), arch.input());
    ClassicalBaseline hog = new ClassicalBaseline(split.train(), split.test());
    for (long s = 1; s <= 3; s++) {
      System.out.printf("classical seed %d accuracy %.3f%n", s, EvaluationMetrics.of(test.labels(), hog.predict(s)).accuracy());
    }
    System.out.printf("target %d train / %d val / %d test%n", train.size(), val.size(), test.size());
    try (Classifier src = Classifier.create(arch, TransferExperiment.CPU)) {
      ai.djl.engine.Engine.getEngine("MXNet").setRandomSeed(0);
      long ts = System.nanoTime();
      java.nio.file.Path cached = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
          "baseline-tuning-source-" + sourceSubjects + "x" + sourceEpochs + ".params");
      if (java.nio.file.Files.exists(cached)) {
        Transfer.loadBackbone(src, cached);
        System.out.println("source features from " + cached);
      } else {
        new ClassifierTrainer(boot.training().withEpochs(sourceEpochs)).train(src,
            TensorSet.of(sourceSplit.train(), arch.input()), TensorSet.of(sourceSplit.validation(), arch.input()),
            TrainingListener.NONE);
        System.out.printf("source (bootstrap recipe, %d epochs) in %.0f s: own test %.3f, target test as is %.3f%n",
            sourceEpochs, (System.nanoTime() - ts) / 1e9,
            Evaluator.evaluate(src, TensorSet.of(sourceSplit.test(), arch.input())).accuracy(),
            Evaluator.evaluate(src, test).accuracy());
        Transfer.saveBackbone(src, cached);
      }
      TrainingOptions base = TrainingOptions.defaults().withEpochs(epochs).withBatch(batch, lr).withAugment(augment)
          .withEarlyStopping(patience);
      double sumS = 0;
      double sumT = 0;
      for (int seed = 1; seed <= seeds; seed++) {
        long t1 = System.nanoTime();
        ai.djl.engine.Engine.getEngine("MXNet").setRandomSeed(seed);
        double accS;
        try (Classifier c = Classifier.create(arch, TransferExperiment.CPU)) {
          new ClassifierTrainer(base.withSeed(seed)).train(c, train, val, TrainingListener.NONE);
          accS = Evaluator.evaluate(c, test).accuracy();
        }
        long t2 = System.nanoTime();
        ai.djl.engine.Engine.getEngine("MXNet").setRandomSeed(seed);
        double accT;
        try (Classifier c = Classifier.create(arch, TransferExperiment.CPU)) {
          Transfer.copyFeatures(src, c);
          new ClassifierTrainer(base.withSeed(seed).withTransfer(freeze, factor)).train(c, train, val, TrainingListener.NONE);
          accT = Evaluator.evaluate(c, test).accuracy();
        }
        long t3 = System.nanoTime();
        sumS += accS;
        sumT += accT;
        System.out.printf("seed %d scratch %.3f (%.0f s) transfer %.3f (%.0f s)%n", seed, accS, (t2 - t1) / 1e9, accT,
            (t3 - t2) / 1e9);
      }
      System.out.printf("RESULT scratch %.3f transfer %.3f; total %.0f s%n", sumS / seeds, sumT / seeds,
          (System.nanoTime() - t0) / 1e9);
    }
  }
}
