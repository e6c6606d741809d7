package io.emotioncluster.node.grpc;

import io.emotioncluster.api.v1.ClassMetrics;
import io.emotioncluster.api.v1.EvaluationMetrics;

/** Evaluation metrics in their API form (also what job events carry). */
public final class ProtoMetrics {

  private ProtoMetrics() {}

  public static EvaluationMetrics of(io.emotioncluster.node.training.EvaluationMetrics m) {
    EvaluationMetrics.Builder b = EvaluationMetrics.newBuilder()
        .setAccuracy(m.accuracy())
        .setMacroF1(m.macroF1())
        .setTestImages(m.testImages());
    for (var c : m.perClass()) {
      b.addPerClass(ClassMetrics.newBuilder()
          .setEmotion(ProtoMapper.emotion(c.emotion()))
          .setPrecision(c.precision())
          .setRecall(c.recall())
          .setF1(c.f1())
          .setSupport(c.support()));
    }
    for (int count : m.confusion()) {
      b.addConfusionMatrix(count);
    }
    return b.build();
  }
}
