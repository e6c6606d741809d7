package io.emotioncluster.node.generator;

import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.image.Resize;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.training.ClassifierTrainer;
import io.emotioncluster.node.training.EvaluationMetrics;
import io.emotioncluster.node.training.Evaluator;
import io.emotioncluster.node.training.TensorSet;
import io.emotioncluster.node.training.TrainingOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures a generator against real held-out images: KID on a classifier's penultimate-layer
 * features and recognisability by that classifier (per emotion and overall), and the
 * classification accuracy score (CAS): a fresh vgg-mini trained only on generated images, tested
 * on the real images. Images are sampled without truncation, so diversity counts.
 */
public final class GeneratorQualityMeter {

  static final int CAS_EPOCHS = 8;
  static final int MIN_CAS_SIDE = 16;
  static final long SEED_BASE = 0x51A7L << 20;

  private final EngineConfig engine;

  public GeneratorQualityMeter(EngineConfig engine) {
    this.engine = engine;
  }

  /**
   * @param classifier   the reference classifier, or null (then {@code noClassifierNote} says why)
   * @param classifierId its version id
   */
  public GeneratorQualityReport measure(FaceGenerator generator, List<LabeledImage> realTest, int perEmotion,
      Classifier classifier, String classifierId, String noClassifierNote) {
    return measure(generator, List.of(), realTest, perEmotion, classifier, classifierId, noClassifierNote);
  }

  /**
   * @param realTrain the generator's real training images: the CAS classifier's twin trains on as
   *                  many of them as there are generated images (empty: no twin)
   */
  public GeneratorQualityReport measure(FaceGenerator generator, List<LabeledImage> realTrain,
      List<LabeledImage> realTest, int perEmotion, Classifier classifier, String classifierId,
      String noClassifierNote) {
    List<LabeledImage> generated = new ArrayList<>();
    for (Emotion e : Emotion.all()) {
      long[] seeds = new long[perEmotion];
      for (int i = 0; i < perEmotion; i++) {
        seeds[i] = SEED_BASE + (long) e.index() * 100_000 + i;
      }
      List<PixelImage> images = generator.generate(e, seeds, 1f);
      for (int i = 0; i < images.size(); i++) {
        generated.add(new LabeledImage("gen-" + e.label() + "-" + i, "generated", e, images.get(i)));
      }
    }
    Double kid = null;
    Double recognisability = null;
    Double[] kidPer = new Double[Emotion.COUNT];
    Double[] recPer = new Double[Emotion.COUNT];
    Double judgeReal = null;
    Double divGen = null;
    Double divReal = null;
    Double[] divGenPer = new Double[Emotion.COUNT];
    Double[] divRealPer = new Double[Emotion.COUNT];
    if (classifier != null) {
      TensorSet gen = TensorSet.of(generated, classifier.input());
      int[] predicted = Evaluator.predict(classifier, gen);
      int hits = 0;
      int[] perHits = new int[Emotion.COUNT];
      for (int i = 0; i < predicted.length; i++) {
        if (predicted[i] == gen.labels()[i]) {
          hits++;
          perHits[gen.labels()[i]]++;
        }
      }
      recognisability = (double) hits / predicted.length;
      for (Emotion e : Emotion.all()) {
        recPer[e.index()] = (double) perHits[e.index()] / perEmotion;
      }
      if (realTest.size() >= 2) {
        // real faces pass through the generator's resolution too, so both sides lose the same detail
        TensorSet real = TensorSet.of(atResolution(realTest, generator.resolution()), classifier.input());
        judgeReal = Evaluator.evaluate(classifier, real).accuracy();
        float[][] realF = classifier.penultimateFeatures(real.features(), real.size());
        float[][] genF = classifier.penultimateFeatures(gen.features(), gen.size());
        kid = Kid.of(realF, genF);
        double sumGen = 0;
        double sumReal = 0;
        int classes = 0;
        for (Emotion e : Emotion.all()) {
          float[][] r = rowsOf(realF, real.labels(), e.index());
          float[][] g = rowsOf(genF, gen.labels(), e.index());
          if (r.length >= 2 && g.length >= 2) {
            kidPer[e.index()] = Kid.of(r, g);
            divGenPer[e.index()] = meanPairwiseDistance(g);
            divRealPer[e.index()] = meanPairwiseDistance(r);
            sumGen += divGenPer[e.index()];
            sumReal += divRealPer[e.index()];
            classes++;
          }
        }
        if (classes > 0) {
          divGen = sumGen / classes;
          divReal = sumReal / classes;
        }
      }
    }
    Double cas = null;
    Double casReal = null;
    Double[] casPer = new Double[Emotion.COUNT];
    if (!realTest.isEmpty()) {
      if (!realTrain.isEmpty()) {
        casReal = classificationAccuracyScore(generator, sameCount(realTrain, generated.size(), generator.resolution()),
            realTest).accuracy();
      }
      EvaluationMetrics m = classificationAccuracyScore(generator, generated, realTest);
      cas = m.accuracy();
      for (EvaluationMetrics.ClassMetrics c : m.perClass()) {
        if (c.support() > 0) {
          casPer[c.emotion().index()] = c.recall();
        }
      }
    }
    List<GeneratorQualityReport.PerEmotion> per = new ArrayList<>();
    for (Emotion e : Emotion.all()) {
      per.add(new GeneratorQualityReport.PerEmotion(e.label(), kidPer[e.index()], recPer[e.index()],
          casPer[e.index()], divGenPer[e.index()], divRealPer[e.index()]));
    }
    String note = classifier == null ? noClassifierNote
        : realTest.size() < 2 ? "fewer than 2 real test images: KID not measured" : "";
    return new GeneratorQualityReport(kid, recognisability, cas, per, classifier == null ? "" : classifierId,
        perEmotion, realTest.size(), note, judgeReal, casReal, divGen, divReal);
  }

  /** Images scaled down to the generator's side (and kept there: the classifier's input scales them up again). */
  public static List<LabeledImage> atResolution(List<LabeledImage> images, int side) {
    List<LabeledImage> out = new ArrayList<>(images.size());
    for (LabeledImage i : images) {
      PixelImage p = i.image();
      out.add(p.width() == side && p.height() == side ? i
          : new LabeledImage(i.id(), i.subject(), i.emotion(), Resize.to(p, side, side)));
    }
    return out;
  }

  /** {@code count} real images (cycling through them in a fixed shuffled order), at the generator's side. */
  static List<LabeledImage> sameCount(List<LabeledImage> real, int count, int side) {
    List<LabeledImage> shuffled = new ArrayList<>(real);
    java.util.Collections.shuffle(shuffled, new java.util.Random(11));
    List<LabeledImage> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(shuffled.get(i % shuffled.size()));
    }
    return atResolution(out, side);
  }

  /** Mean Euclidean distance over all pairs of rows. */
  static double meanPairwiseDistance(float[][] rows) {
    double sum = 0;
    long pairs = 0;
    for (int i = 0; i < rows.length; i++) {
      for (int j = i + 1; j < rows.length; j++) {
        double d = 0;
        for (int k = 0; k < rows[i].length; k++) {
          double t = rows[i][k] - rows[j][k];
          d += t * t;
        }
        sum += Math.sqrt(d);
        pairs++;
      }
    }
    return pairs == 0 ? 0 : sum / pairs;
  }

  private EvaluationMetrics classificationAccuracyScore(FaceGenerator generator, List<LabeledImage> generated,
      List<LabeledImage> realTest) {
    int side = Math.max(MIN_CAS_SIDE, generator.resolution()); // vgg-mini pools 4 times
    Architecture arch = Architecture.vggMini().withInput(InputSpec.of(side, side, generator.channels()));
    try (Classifier fresh = Classifier.create(arch, engine)) {
      TensorSet train = TensorSet.of(generated, arch.input());
      TrainingOptions options = TrainingOptions.defaults().withEpochs(CAS_EPOCHS).withSeed(7);
      new ClassifierTrainer(options).train(fresh, train, train, r -> { });
      return Evaluator.evaluate(fresh, TensorSet.of(realTest, arch.input()));
    }
  }

  private static float[][] rowsOf(float[][] rows, int[] labels, int label) {
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      if (labels[i] == label) {
        out.add(rows[i]);
      }
    }
    return out.toArray(new float[0][]);
  }
}
