package io.emotioncluster.node.training;

import io.emotioncluster.node.model.Emotion;
import java.util.ArrayList;
import java.util.List;

/**
 * Held-out metrics of a classifier: accuracy, macro-F1, per-class precision/recall/F1 and the
 * confusion matrix (row = true class, column = predicted, {@link Emotion} order, row-major).
 */
public record EvaluationMetrics(double accuracy, double macroF1, List<ClassMetrics> perClass,
    int[] confusion, int testImages) {

  public record ClassMetrics(Emotion emotion, double precision, double recall, double f1, int support) {}

  public static EvaluationMetrics of(int[] truth, int[] predicted) {
    int k = Emotion.COUNT;
    int[] confusion = new int[k * k];
    int correct = 0;
    for (int i = 0; i < truth.length; i++) {
      confusion[truth[i] * k + predicted[i]]++;
      if (truth[i] == predicted[i]) {
        correct++;
      }
    }
    List<ClassMetrics> per = new ArrayList<>();
    double f1Sum = 0;
    int present = 0;
    for (int c = 0; c < k; c++) {
      int tp = confusion[c * k + c];
      int support = 0;
      int predictedAs = 0;
      for (int j = 0; j < k; j++) {
        support += confusion[c * k + j];
        predictedAs += confusion[j * k + c];
      }
      double precision = predictedAs == 0 ? 0 : (double) tp / predictedAs;
      double recall = support == 0 ? 0 : (double) tp / support;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      per.add(new ClassMetrics(Emotion.ofIndex(c), precision, recall, f1, support));
      if (support > 0) {
        f1Sum += f1;
        present++;
      }
    }
    double accuracy = truth.length == 0 ? 0 : (double) correct / truth.length;
    return new EvaluationMetrics(accuracy, present == 0 ? 0 : f1Sum / present, per, confusion, truth.length);
  }
}
