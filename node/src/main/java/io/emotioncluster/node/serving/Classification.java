package io.emotioncluster.node.serving;

import io.emotioncluster.node.model.Emotion;

/** The answer for one image: 7 probabilities in {@link Emotion} order and server timings. */
public record Classification(String version, float[] probabilities, long decodeMicros,
    long queueMicros, long computeMicros, long totalMicros, int batchSize) {

  public Emotion top() {
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    return Emotion.ofIndex(best);
  }
}
