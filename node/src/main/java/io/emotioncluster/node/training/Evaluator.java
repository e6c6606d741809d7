package io.emotioncluster.node.training;

import io.emotioncluster.node.model.Classifier;

/** Runs a classifier over a preprocessed set in inference mode and scores it. */
public final class Evaluator {

  private static final int BATCH = 64;

  private Evaluator() {}

  public static EvaluationMetrics evaluate(Classifier classifier, TensorSet set) {
    int[] predicted = predict(classifier, set);
    return EvaluationMetrics.of(set.labels(), predicted);
  }

  public static int[] predict(Classifier classifier, TensorSet set) {
    int size = set.spec().size();
    int[] out = new int[set.size()];
    float[] buf = new float[BATCH * size];
    try (Classifier.Forward forward = classifier.newForward()) {
      for (int from = 0; from < set.size(); from += BATCH) {
        int n = Math.min(BATCH, set.size() - from);
        System.arraycopy(set.features(), from * size, buf, 0, n * size);
        float[][] probs = forward.probabilities(buf, n);
        for (int i = 0; i < n; i++) {
          out[from + i] = argMax(probs[i]);
        }
      }
    }
    return out;
  }

  static int argMax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
