package io.emotioncluster.node.generator;

import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Emotion;
import java.util.Map;

/** What a GAN run reports while it trains. Called on the training thread. */
public interface GanListener {

  /** Running means since the previous report. */
  record Progress(int step, int totalSteps, double generatorLoss, double discriminatorLoss,
      double imagesPerSecond, long etaSeconds) {}

  default void onProgress(Progress p) {}

  /** A small grid of EMA samples per emotion, every {@code sample_every_steps}. */
  default void onSamples(int step, Map<Emotion, PixelImage> grids) {}

  default boolean cancelRequested() {
    return false;
  }

  GanListener NONE = new GanListener() {};
}
