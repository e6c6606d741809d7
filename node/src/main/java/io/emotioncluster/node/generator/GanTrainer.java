package io.emotioncluster.node.generator;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.training.TensorSet;
import io.emotioncluster.node.training.TrainingCancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the class-conditional generator against the discriminator: non-saturating logistic
 * loss, lazy R1 on reals every {@code r1Interval} discriminator steps, differentiable
 * augmentation of real and fake before D, Adam (betas 0 and 0.99) for each network, and an
 * exponential moving average of G's weights which is what gets returned. Runs on the calling
 * thread.
 *
 * <p>R1 here is a finite-difference estimate: DJL's MXNet binding has no second-order
 * gradients, so ||grad D(x)||^2 is estimated as E[(D(x + s e) - D(x))^2] / s^2 with Gaussian e
 * and a small s, which has the same expectation to first order and is differentiable with
 * first-order autograd only.
 *
 * <p>Every random choice of step t comes from a generator seeded with (seed, t), so a run resumed
 * from a checkpoint continues exactly as the uninterrupted run would.
 */
public final class GanTrainer {

  static final float R1_STEP = 0.02f;
  static final int CLASS_W_SAMPLES = 1024;
  static final int SAMPLES_PER_GRID = 4;

  static final float LECAM_DECAY = 0.99f;

  private final GanOptions options;
  private final String engine;
  private final Device device;
  private Path baseParams;

  public GanTrainer(GanOptions options, String engine, Device device) {
    this.options = options;
    this.engine = engine;
    this.device = device;
  }

  /**
   * Fine-tuning: start from the generator (and, when the file has it, the discriminator) in a
   * registered generator's parameters file. Its spec must build the same networks as the options'.
   */
  public GanTrainer startingFrom(Path params) {
    this.baseParams = params;
    return this;
  }

  /**
   * @param checkpointDir where to keep the state every sample interval (and resume from); null
   *                      for none
   */
  public TrainedGenerator train(List<LabeledImage> images, GanListener listener, Path checkpointDir)
      throws IOException {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no training images");
    }
    if (options.objective().equals(GanOptions.VAE)) {
      return new VaeTrainer(options, engine, device).train(images, listener, baseParams);
    }
    GeneratorSpec spec = options.spec();
    TensorSet data = TensorSet.of(images, InputSpec.of(spec.resolution(), spec.resolution(), spec.channels()));
    float[] x = data.features();
    for (int i = 0; i < x.length; i++) {
      x[i] = x[i] * 2 - 1;
    }
    NDManager emaManager = NDManager.newBaseManager(device, engine);
    boolean done = false;
    try (NDManager root = NDManager.newBaseManager(device, engine)) {
      GeneratorModel g = GeneratorModel.create(spec, root, true, options.seed());
      DiscriminatorNetwork d = new DiscriminatorNetwork(spec, root, options.seed());
      GeneratorModel ema = GeneratorModel.create(spec, emaManager, false, options.seed());
      if (baseParams != null) {
        loadBase(baseParams, g, d, root);
      }
      ema.params().copyFrom(g.params());
      Adam gOpt = new Adam(g.params(), root, options.learningRate(), 0f, 0.99f);
      Adam dOpt = new Adam(d.params(), root, options.learningRate(), 0f, 0.99f);
      GuideClassifier guide = null;
      if (options.guidanceWeight() > 0) {
        try (NDManager work = root.newSubManager()) {
          guide = GuideClassifier.train(x, data.labels(), spec.channels(), spec.resolution(), options.guideEpochs(),
              options.seed() + 17, work, root).guide();
        }
      }
      Loop loop = new Loop(g, d, ema, gOpt, dOpt, data, root, guide);
      int first = checkpointDir == null ? 0 : restore(checkpointDir, g, d, ema, gOpt, dOpt, loop);
      double gSum = 0;
      double dSum = 0;
      int since = 0;
      long t0 = System.nanoTime();
      long lastReport = t0;
      int stepsAtStart = first;
      for (int step = first; step < options.steps(); step++) {
        if (listener.cancelRequested()) {
          if (checkpointDir != null && step > first) {
            save(checkpointDir, step, g, d, ema, gOpt, dOpt, loop);
          }
          throw new TrainingCancelledException();
        }
        float[] losses = loop.step(step);
        gSum += losses[0];
        dSum += losses[1];
        since++;
        if (!Float.isFinite(losses[0]) || !Float.isFinite(losses[1])) {
          throw new IllegalStateException("GAN training diverged at step " + (step + 1) + " (G loss " + losses[0]
              + ", D loss " + losses[1] + "); try a smaller generator.learning_rate or a larger r1_gamma");
        }
        int completed = step + 1;
        long now = System.nanoTime();
        if (now - lastReport > 2_000_000_000L || completed == options.steps()) {
          double secs = (now - t0) / 1e9;
          double perStep = secs / (completed - stepsAtStart);
          listener.onProgress(new GanListener.Progress(completed, options.steps(), gSum / since, dSum / since,
              options.batchSize() / perStep, Math.round(perStep * (options.steps() - completed))));
          gSum = 0;
          dSum = 0;
          since = 0;
          lastReport = now;
        }
        if (completed % options.sampleEvery() == 0 || completed == options.steps()) {
          listener.onSamples(completed, grids(ema));
          if (checkpointDir != null && completed < options.steps()) {
            save(checkpointDir, completed, g, d, ema, gOpt, dOpt, loop);
          }
        }
      }
      GeneratorModel finished = ema instanceof GeneratorNetwork sg ? withClassAverages(sg, emaManager) : ema;
      DiscriminatorNetwork keptD = new DiscriminatorNetwork(spec, emaManager, false, options.seed());
      keptD.params().copyFrom(d.params());
      done = true;
      return new TrainedGenerator(emaManager, finished, keptD.params(), "");
    } finally {
      if (!done) {
        emaManager.close();
      }
    }
  }

  /** One D step and one G step; returns {G loss, D loss}. */
  private final class Loop {
    final GeneratorModel g;
    final DiscriminatorNetwork d;
    final GeneratorModel ema;
    final GuideClassifier guide;
    /** LeCam's anchors: moving averages of D's mean output on real and on fake images. */
    float lecamReal;
    float lecamFake;
    final Adam gOpt;
    final Adam dOpt;
    final TensorSet data;
    final NDManager root;
    final int n;
    final int l;
    final int imageSize;

    Loop(GeneratorModel g, DiscriminatorNetwork d, GeneratorModel ema, Adam gOpt, Adam dOpt, TensorSet data,
        NDManager root, GuideClassifier guide) {
      this.guide = guide;
      this.g = g;
      this.d = d;
      this.ema = ema;
      this.gOpt = gOpt;
      this.dOpt = dOpt;
      this.data = data;
      this.root = root;
      this.n = options.batchSize();
      this.l = options.latentSize();
      this.imageSize = data.spec().size();
    }

    float[] step(int step) {
      SplittableRandom rng = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + step);
      try (NDManager s = root.newSubManager()) {
        g.params().lendTo(s);
        d.params().lendTo(s);
        ema.params().lendTo(s);
        // discriminator
        int[] realIdx = sample(rng);
        NDArray real = images(s, realIdx);
        NDArray realClasses = classes(s, realIdx);
        NDArray fake = g.generate(latents(s, rng), realClasses, 1f, GeneratorNetwork.NoiseSource.shared(rng))
            .stopGradient();
        boolean r1 = options.r1Gamma() > 0 && step % options.r1Interval() == 0;
        float dLoss;
        try (GradientCollector gc = s.getEngine().newGradientCollector()) {
          NDArray realIn = augment(real, rng);
          NDArray fakeIn = augment(fake, rng);
          NDArray realLogits = d.forward(realIn, realClasses);
          NDArray fakeLogits = d.forward(fakeIn, realClasses);
          NDArray loss = Activation.softPlus(fakeLogits).mean()
              .add(Activation.softPlus(realLogits.neg()).mean());
          dLoss = loss.getFloat();
          if (options.lecamWeight() > 0) {
            // LeCam (Tseng et al. 2021): keep D's outputs near the moving averages of the other side's
            if (step > 0) {
              NDArray reg = Activation.relu(realLogits.sub(lecamFake)).square().mean()
                  .add(Activation.relu(fakeLogits.neg().add(lecamReal)).square().mean());
              loss = loss.add(reg.mul(options.lecamWeight()));
            }
            float realMean = realLogits.mean().getFloat();
            float fakeMean = fakeLogits.mean().getFloat();
            lecamReal = step == 0 ? realMean : LECAM_DECAY * lecamReal + (1 - LECAM_DECAY) * realMean;
            lecamFake = step == 0 ? fakeMean : LECAM_DECAY * lecamFake + (1 - LECAM_DECAY) * fakeMean;
          }
          if (r1) {
            NDArray eps = s.randomNormal(0f, R1_STEP, realIn.getShape(), ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray moved = d.forward(realIn.add(eps), realClasses);
            NDArray penalty = moved.sub(realLogits).square().mean().div(R1_STEP * R1_STEP);
            loss = loss.add(penalty.mul(options.r1Gamma() / 2 * options.r1Interval()));
          }
          gc.backward(loss);
        }
        dOpt.step(s);
        // generator
        int[] fakeIdx = sample(rng);
        NDArray fakeClasses = classes(s, fakeIdx);
        float gLoss;
        try (GradientCollector gc = s.getEngine().newGradientCollector()) {
          NDArray generated = g.generate(latents(s, rng), fakeClasses, 1f, GeneratorNetwork.NoiseSource.shared(rng));
          NDArray loss = Activation.softPlus(d.forward(augment(generated, rng), fakeClasses).neg()).mean();
          gLoss = loss.getFloat();
          if (guide != null) {
            // classifier guidance on augmented images, so G cannot win with pixel-exact patterns
            NDArray ce = GuideClassifier.crossEntropy(guide.logits(DiffAugment.apply(generated, rng)), fakeClasses);
            loss = loss.add(ce.mul(options.guidanceWeight()));
          }
          gc.backward(loss);
        }
        gOpt.step(s);
        updateEma(step);
        return new float[] {gLoss, dLoss};
      }
    }

    /** ema = beta ema + (1 - beta) g, the half-life ramped up over the first images (as StyleGAN2-ADA). */
    void updateEma(int step) {
      double seen = (double) (step + 1) * n;
      double halfLife = Math.min(options.emaHalfLifeImages(), seen * 0.05);
      float beta = (float) Math.pow(0.5, n / Math.max(halfLife, 1e-8));
      for (Map.Entry<String, NDArray> e : ema.params().all().entrySet()) {
        NDArray current = g.params().get(e.getKey());
        e.getValue().subi(current).muli(beta).addi(current);
      }
    }

    NDArray augment(NDArray images, SplittableRandom rng) {
      return options.diffAugment() ? DiffAugment.apply(images, rng) : images;
    }

    int[] sample(SplittableRandom rng) {
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) {
        idx[i] = rng.nextInt(data.size());
      }
      return idx;
    }

    NDArray images(NDManager s, int[] idx) {
      float[] v = new float[idx.length * imageSize];
      for (int i = 0; i < idx.length; i++) {
        System.arraycopy(data.features(), idx[i] * imageSize, v, i * imageSize, imageSize);
      }
      InputSpec in = data.spec();
      return s.create(v, new Shape(idx.length, in.channels(), in.height(), in.width()));
    }

    NDArray classes(NDManager s, int[] idx) {
      float[] v = new float[idx.length * Emotion.COUNT];
      for (int i = 0; i < idx.length; i++) {
        v[i * Emotion.COUNT + data.labels()[idx[i]]] = 1;
      }
      return s.create(v, new Shape(idx.length, Emotion.COUNT));
    }

    NDArray latents(NDManager s, SplittableRandom rng) {
      float[] z = new float[n * l];
      for (int i = 0; i < z.length; i++) {
        z[i] = (float) ParameterSet.gaussian(rng);
      }
      return s.create(z, new Shape(n, l));
    }
  }

  /** EMA samples with fixed seeds (the same faces at every report), untruncated. */
  private Map<Emotion, PixelImage> grids(GeneratorModel ema) {
    TrainedGenerator view = new TrainedGenerator(ema.params().all().values().iterator().next().getManager(), ema, "");
    Map<Emotion, PixelImage> out = new EnumMap<>(Emotion.class);
    long[] seeds = new long[SAMPLES_PER_GRID];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = 1000 + i;
    }
    for (Emotion e : Emotion.all()) {
      out.put(e, SampleGrid.tile(view.generate(e, seeds, 1f), 2));
    }
    return out;
  }

  /** The mean w of each class over many latents, for class-wise truncation. */
  private static GeneratorNetwork withClassAverages(GeneratorNetwork ema, NDManager manager) {
    GeneratorSpec spec = ema.spec();
    int l = spec.latentSize();
    float[][] classW = new float[Emotion.COUNT][];
    SplittableRandom rng = new SplittableRandom(0xC1A55L);
    try (NDManager s = manager.newSubManager()) {
      ema.params().lendTo(s);
      for (Emotion e : Emotion.all()) {
        float[] z = new float[CLASS_W_SAMPLES * l];
        for (int i = 0; i < z.length; i++) {
          z[i] = (float) ParameterSet.gaussian(rng);
        }
        NDArray w = ema.mapping(s.create(z, new Shape(CLASS_W_SAMPLES, l)),
            TrainedGenerator.oneHot(s, e, CLASS_W_SAMPLES));
        classW[e.index()] = w.mean(new int[] {0}).toFloatArray();
      }
    }
    GeneratorNetwork finished = new GeneratorNetwork(spec.withClassW(classW), manager, false, 0);
    finished.params().copyFrom(ema.params());
    return finished;
  }

  // ---- checkpoints ----------------------------------------------------------------------------

  private static final String STATE_FILE = "gan-state.ndlist";
  private static final String STEP_FILE = "step.txt";
  private static final String LECAM_STATE = "lecam";

  private void save(Path dir, int step, GeneratorModel g, DiscriminatorNetwork d, GeneratorModel ema,
      Adam gOpt, Adam dOpt, Loop loop) throws IOException {
    Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
    Files.createDirectories(tmp);
    try (NDManager s = NDManager.newBaseManager(device, engine)) {
      NDList all = new NDList();
      prefixed(all, g.params(), "g.");
      prefixed(all, d.params(), "d.");
      prefixed(all, ema.params(), "ema.");
      all.addAll(gOpt.state("gopt"));
      all.addAll(dOpt.state("dopt"));
      NDArray lecam = s.create(new float[] {loop.lecamReal, loop.lecamFake});
      lecam.setName(LECAM_STATE);
      all.add(lecam);
      all.attach(s);
      try (OutputStream out = Files.newOutputStream(tmp.resolve(STATE_FILE))) {
        all.encode(out);
      }
    }
    Files.writeString(tmp.resolve(STEP_FILE), Integer.toString(step));
    if (Files.exists(dir)) {
      deleteTree(dir);
    }
    try {
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir);
    }
  }

  private static void prefixed(NDList into, ParameterSet params, String prefix) {
    params.all().forEach((name, a) -> {
      NDArray copy = a.duplicate();
      copy.setName(prefix + name);
      into.add(copy);
    });
  }

  private int restore(Path dir, GeneratorModel g, DiscriminatorNetwork d, GeneratorModel ema, Adam gOpt,
      Adam dOpt, Loop loop) throws IOException {
    Path step = dir.resolve(STEP_FILE);
    if (!Files.exists(step)) {
      return 0;
    }
    int at = Integer.parseInt(Files.readString(step).trim());
    try (NDManager s = NDManager.newBaseManager(device, engine); InputStream in = Files.newInputStream(dir.resolve(STATE_FILE))) {
      Map<String, NDArray> byName = new HashMap<>();
      NDList.decode(s, in).forEach(a -> byName.put(a.getName(), a));
      load(g.params(), byName, "g.");
      load(d.params(), byName, "d.");
      load(ema.params(), byName, "ema.");
      gOpt.restore(byName, "gopt", at);
      dOpt.restore(byName, "dopt", at);
      NDArray lecam = byName.get(LECAM_STATE);
      if (lecam != null) {
        float[] v = lecam.toFloatArray();
        loop.lecamReal = v[0];
        loop.lecamFake = v[1];
      }
    }
    return at;
  }

  /** Base weights for fine-tuning: G by its names, D (if saved) under the discriminator prefix. */
  private void loadBase(Path params, GeneratorModel g, DiscriminatorNetwork d, NDManager root) throws IOException {
    try (NDManager s = root.newSubManager(); InputStream in = Files.newInputStream(params)) {
      NDList all = NDList.decode(s, in);
      g.params().load(all);
      NDList disc = new NDList();
      for (NDArray a : all) {
        if (a.getName() != null && a.getName().startsWith(TrainedGenerator.DISCRIMINATOR_PREFIX)) {
          a.setName(a.getName().substring(TrainedGenerator.DISCRIMINATOR_PREFIX.length()));
          disc.add(a);
        }
      }
      if (!disc.isEmpty()) {
        d.params().load(disc);
      }
    }
  }

  private static void load(ParameterSet params, Map<String, NDArray> byName, String prefix) {
    params.all().forEach((name, a) -> a.set(byName.get(prefix + name).toFloatArray()));
  }

  /** The step a checkpoint in {@code dir} was taken after, or 0. */
  public static int checkpointStep(Path dir) throws IOException {
    Path step = dir.resolve(STEP_FILE);
    return Files.exists(step) ? Integer.parseInt(Files.readString(step).trim()) : 0;
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }
}
