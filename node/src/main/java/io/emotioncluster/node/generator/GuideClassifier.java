package io.emotioncluster.node.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.emotioncluster.node.model.Emotion;
import java.util.SplittableRandom;

/**
 * The classifier behind classifier guidance (StyleGAN-XL): a small CNN trained inside the
 * generator job on the job's training split only, on differentiably augmented images; the
 * generator's loss then adds the cross-entropy of its (augmented) images under this network.
 * Three 3x3 convolutions (32, 64, 128 maps) with leaky ReLU and 2x average pooling, global
 * average pooling, a dense layer to the 7 classes. It is deliberately not the project's
 * vgg-mini: the quality measurement judges the generator with a classifier that took no part
 * in training it.
 */
final class GuideClassifier {

  static final int BATCH = 32;
  static final float LR = 0.002f;

  private final ParameterSet params;

  GuideClassifier(int channels, NDManager manager, boolean trainable, long seed) {
    this.params = new ParameterSet(manager, trainable);
    SplittableRandom rng = new SplittableRandom(seed ^ 0x6D1DEL);
    params.normal("conv0.w", rng, 1f, 32, channels, 3, 3);
    params.constant("conv0.b", 0f, 32);
    params.normal("conv1.w", rng, 1f, 64, 32, 3, 3);
    params.constant("conv1.b", 0f, 64);
    params.normal("conv2.w", rng, 1f, 128, 64, 3, 3);
    params.constant("conv2.b", 0f, 128);
    params.normal("fc.w", rng, 1f, Emotion.COUNT, 128);
    params.constant("fc.b", 0f, Emotion.COUNT);
  }

  ParameterSet params() {
    return params;
  }

  /** images (N, C, R, R) in [-1, 1] -> logits (N, 7). */
  NDArray logits(NDArray x) {
    x = GanOps.avgPool(GanOps.lrelu(GanOps.conv(x, params.get("conv0.w"), params.get("conv0.b"))));
    x = GanOps.avgPool(GanOps.lrelu(GanOps.conv(x, params.get("conv1.w"), params.get("conv1.b"))));
    x = GanOps.lrelu(GanOps.conv(x, params.get("conv2.w"), params.get("conv2.b")));
    x = x.mean(new int[] {2, 3});
    return GanOps.dense(x, params.get("fc.w"), params.get("fc.b"), 1f);
  }

  /** Mean cross-entropy of the logits against one-hot classes (N, 7). */
  static NDArray crossEntropy(NDArray logits, NDArray classes) {
    return logits.logSoftmax(1).mul(classes).sum(new int[] {1}).neg().mean();
  }

  /**
   * Trains a guide on images (N, C, R, R as a flat array in [-1, 1]) for {@code epochs} epochs
   * and returns a frozen copy in {@code into}. Deterministic from {@code seed}.
   *
   * @return the frozen guide and its accuracy on the (unaugmented) training images
   */
  static Trained train(float[] images, int[] labels, int channels, int side, int epochs, long seed,
      NDManager work, NDManager into) {
    GuideClassifier g = new GuideClassifier(channels, work, true, seed);
    Adam opt = new Adam(g.params, work, LR, 0.9f, 0.999f);
    int n = labels.length;
    int size = channels * side * side;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int epoch = 0; epoch < epochs; epoch++) {
      SplittableRandom rng = new SplittableRandom(seed * 31 + epoch);
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int from = 0; from + 2 <= n; from += BATCH) {
        int b = Math.min(BATCH, n - from);
        try (NDManager s = work.newSubManager()) {
          g.params.lendTo(s);
          float[] x = new float[b * size];
          float[] y = new float[b * Emotion.COUNT];
          for (int i = 0; i < b; i++) {
            int k = order[from + i];
            System.arraycopy(images, k * size, x, i * size, size);
            y[i * Emotion.COUNT + labels[k]] = 1;
          }
          NDArray in = DiffAugment.apply(s.create(x, new Shape(b, channels, side, side)), rng);
          NDArray classes = s.create(y, new Shape(b, Emotion.COUNT));
          try (GradientCollector gc = s.getEngine().newGradientCollector()) {
            gc.backward(crossEntropy(g.logits(in), classes));
          }
          opt.step(s);
        }
      }
    }
    GuideClassifier frozen = new GuideClassifier(channels, into, false, seed);
    frozen.params.copyFrom(g.params);
    int hits = 0;
    for (int from = 0; from < n; from += 256) {
      int b = Math.min(256, n - from);
      try (NDManager s = into.newSubManager()) {
        frozen.params.lendTo(s);
        float[] x = new float[b * size];
        System.arraycopy(images, from * size, x, 0, b * size);
        float[] p = frozen.logits(s.create(x, new Shape(b, channels, side, side))).argMax(1).toType(
            ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        for (int i = 0; i < b; i++) {
          if ((int) p[i] == labels[from + i]) {
            hits++;
          }
        }
      }
    }
    return new Trained(frozen, (double) hits / n);
  }

  record Trained(GuideClassifier guide, double trainAccuracy) {}
}
