package io.emotioncluster.node.generator;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.training.TensorSet;
import io.emotioncluster.node.training.TrainingCancelledException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the dcgan generator as the decoder of a conditional VAE (objective "vae"): an encoder
 * (three 3x3 convolutions with 2x average pooling, then a dense layer that also sees the class)
 * gives the mean and log-variance of z for a real face; the decoder rebuilds the face from a
 * sample of z and the class; the loss is the squared error (as a Gaussian likelihood with
 * variance {@link #PIXEL_VARIANCE} on the [-1, 1] scale) plus the KL divergence of z's posterior
 * from N(0, 1). Sampling then draws z from N(0, 1), exactly as for a GAN generator. No
 * discriminator: it learns the class-conditional structure in a few hundred steps, where the
 * adversarial game on a few hundred faces is slow and unstable. An EMA of the decoder's weights is
 * what gets returned. Checkpoints are not kept: a resumed job trains again from the start.
 */
final class VaeTrainer {

  static final float PIXEL_VARIANCE = Float.parseFloat(System.getProperty("vae.var", "0.05"));
  static final float LR = 0.001f;

  private final GanOptions options;
  private final String engine;
  private final Device device;

  VaeTrainer(GanOptions options, String engine, Device device) {
    this.options = options;
    this.engine = engine;
    this.device = device;
  }

  TrainedGenerator train(List<LabeledImage> images, GanListener listener, java.nio.file.Path baseParams)
      throws java.io.IOException {
    GeneratorSpec spec = options.spec();
    TensorSet data = TensorSet.of(images, InputSpec.of(spec.resolution(), spec.resolution(), spec.channels()));
    float[] x = data.features();
    for (int i = 0; i < x.length; i++) {
      x[i] = x[i] * 2 - 1;
    }
    int l = spec.latentSize();
    int r = spec.resolution();
    int c = spec.channels();
    int size = c * r * r;
    NDManager keep = NDManager.newBaseManager(device, engine);
    boolean done = false;
    try (NDManager root = NDManager.newBaseManager(device, engine)) {
      GeneratorModel dec = GeneratorModel.create(spec, root, true, options.seed());
      if (baseParams != null) {
        try (NDManager s = root.newSubManager(); var in = java.nio.file.Files.newInputStream(baseParams)) {
          dec.params().load(ai.djl.ndarray.NDList.decode(s, in));
        }
      }
      GeneratorModel ema = GeneratorModel.create(spec, keep, false, options.seed());
      ema.params().copyFrom(dec.params());
      ParameterSet enc = new ParameterSet(root, true);
      SplittableRandom init = new SplittableRandom(options.seed() ^ 0xE4C0DEL);
      enc.normal("conv0.w", init, 1f, 32, c, 3, 3);
      enc.constant("conv0.b", 0f, 32);
      enc.normal("conv1.w", init, 1f, 64, 32, 3, 3);
      enc.constant("conv1.b", 0f, 64);
      enc.normal("conv2.w", init, 1f, 128, 64, 3, 3);
      enc.constant("conv2.b", 0f, 128);
      int side = Math.max(1, r / 8);
      enc.normal("fc.w", init, 1f, 2L * l, 128L * side * side + Emotion.COUNT);
      enc.constant("fc.b", 0f, 2L * l);
      Adam decOpt = new Adam(dec.params(), root, LR, 0.9f, 0.999f);
      Adam encOpt = new Adam(enc, root, LR, 0.9f, 0.999f);
      int n = options.batchSize();
      long t0 = System.nanoTime();
      long lastReport = t0;
      double lossSum = 0;
      int since = 0;
      for (int step = 0; step < options.steps(); step++) {
        if (listener.cancelRequested()) {
          throw new TrainingCancelledException();
        }
        SplittableRandom rng = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + step);
        float loss;
        try (NDManager s = root.newSubManager()) {
          dec.params().lendTo(s);
          enc.lendTo(s);
          ema.params().lendTo(s);
          float[] xb = new float[n * size];
          float[] yb = new float[n * Emotion.COUNT];
          float[] eps = new float[n * l];
          for (int i = 0; i < n; i++) {
            int k = rng.nextInt(data.size());
            System.arraycopy(x, k * size, xb, i * size, size);
            yb[i * Emotion.COUNT + data.labels()[k]] = 1;
          }
          for (int i = 0; i < eps.length; i++) {
            eps[i] = (float) ParameterSet.gaussian(rng);
          }
          NDArray real = s.create(xb, new Shape(n, c, r, r));
          NDArray classes = s.create(yb, new Shape(n, Emotion.COUNT));
          try (GradientCollector gc = s.getEngine().newGradientCollector()) {
            NDArray h = GanOps.avgPool(GanOps.lrelu(GanOps.conv(real, enc.get("conv0.w"), enc.get("conv0.b"))));
            h = GanOps.avgPool(GanOps.lrelu(GanOps.conv(h, enc.get("conv1.w"), enc.get("conv1.b"))));
            h = GanOps.avgPool(GanOps.lrelu(GanOps.conv(h, enc.get("conv2.w"), enc.get("conv2.b"))));
            NDArray stats = GanOps.dense(h.reshape(n, -1).concat(classes, 1), enc.get("fc.w"), enc.get("fc.b"), 1f);
            NDArray mu = stats.get(":, 0:" + l);
            NDArray logVar = stats.get(":, " + l + ":").clip(-8f, 8f);
            NDArray z = mu.add(logVar.mul(0.5f).exp().mul(s.create(eps, new Shape(n, l))));
            NDArray rebuilt = dec.generate(z, classes, 1f, null);
            NDArray recon = rebuilt.sub(real).square().sum(new int[] {1, 2, 3}).mean().div(2 * PIXEL_VARIANCE);
            NDArray kl = logVar.exp().add(mu.square()).sub(logVar).sub(1f).sum(new int[] {1}).mean().mul(0.5f);
            NDArray total = recon.add(kl);
            loss = total.getFloat() / size;
            gc.backward(total);
          }
          decOpt.step(s);
          encOpt.step(s);
          float beta = (float) Math.pow(0.5, n / Math.max(Math.min(options.emaHalfLifeImages(), (step + 1.0) * n * 0.05),
              1e-8));
          for (Map.Entry<String, NDArray> e : ema.params().all().entrySet()) {
            NDArray current = dec.params().get(e.getKey());
            e.getValue().subi(current).muli(beta).addi(current);
          }
        }
        if (!Float.isFinite(loss)) {
          throw new IllegalStateException("VAE training diverged at step " + (step + 1)
              + "; try a smaller generator.learning_rate");
        }
        lossSum += loss;
        since++;
        int completed = step + 1;
        long now = System.nanoTime();
        if (now - lastReport > 2_000_000_000L || completed == options.steps()) {
          double perStep = (now - t0) / 1e9 / completed;
          listener.onProgress(new GanListener.Progress(completed, options.steps(), lossSum / since, 0,
              n / perStep, Math.round(perStep * (options.steps() - completed))));
          lossSum = 0;
          since = 0;
          lastReport = now;
        }
      }
      done = true;
      return new TrainedGenerator(keep, ema, "");
    } finally {
      if (!done) {
        keep.close();
      }
    }
  }
}
