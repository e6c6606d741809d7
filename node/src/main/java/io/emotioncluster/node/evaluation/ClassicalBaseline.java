package io.emotioncluster.node.evaluation;

import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.model.Emotion;
import java.util.List;

/**
 * The classical baseline an experiment's networks must at least match: HOG features and
 * multinomial logistic regression, trained on the same real training images and scored on the
 * same test images. A network arm that stays below it is undertrained, and a gain measured over
 * it would be inflated.
 */
public final class ClassicalBaseline {

  public static final String NAME = "HOG + logistic regression";
  static final double L2 = 1e-2;
  static final int EPOCHS = 40;

  private final HogFeatures hog = HogFeatures.defaults();
  private final float[][] trainFeatures;
  private final int[] trainLabels;
  private final float[][] testFeatures;

  /** Computes the features once; {@link #predict} then fits one model per seed. */
  public ClassicalBaseline(List<LabeledImage> train, List<LabeledImage> test) {
    trainFeatures = train.stream().map(i -> hog.of(i.image())).toArray(float[][]::new);
    trainLabels = train.stream().mapToInt(i -> i.emotion().index()).toArray();
    testFeatures = test.stream().map(i -> hog.of(i.image())).toArray(float[][]::new);
  }

  /** Test predictions of the model fitted with {@code seed}, in test order. */
  public int[] predict(long seed) {
    LogisticRegression model = new LogisticRegression(Emotion.COUNT, L2, EPOCHS).fit(trainFeatures, trainLabels, seed);
    int[] out = new int[testFeatures.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = model.predict(testFeatures[i]);
    }
    return out;
  }
}
