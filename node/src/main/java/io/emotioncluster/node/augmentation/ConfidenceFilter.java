package io.emotioncluster.node.augmentation;

import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.image.Preprocessor;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.Emotion;
import java.util.List;

/**
 * Keeps generated images that a classifier (the production one) labels as their requested
 * emotion with at least a minimum probability: a cheap guard against off-class samples.
 */
public final class ConfidenceFilter implements GeneratedData.Filter {

  private final Classifier classifier;
  private final Preprocessor preprocessor;
  private final double minConfidence;

  public ConfidenceFilter(Classifier classifier, double minConfidence) {
    this.classifier = classifier;
    this.preprocessor = new Preprocessor(classifier.input());
    this.minConfidence = minConfidence;
  }

  @Override
  public boolean[] keep(Emotion emotion, List<PixelImage> candidates) {
    int size = classifier.input().size();
    float[] batch = new float[candidates.size() * size];
    for (int i = 0; i < candidates.size(); i++) {
      preprocessor.apply(candidates.get(i), batch, i * size);
    }
    boolean[] keep = new boolean[candidates.size()];
    try (Classifier.Forward forward = classifier.newForward()) {
      float[][] p = forward.probabilities(batch, candidates.size());
      for (int i = 0; i < keep.length; i++) {
        keep[i] = p[i][emotion.index()] >= minConfidence;
      }
    }
    return keep;
  }
}
