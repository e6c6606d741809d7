package io.emotioncluster.node.generator;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import io.emotioncluster.api.v1.GeneratorConfig;
import io.emotioncluster.node.model.Emotion;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * Training throughput of the generator architectures at one size, measured in one run with the
 * architectures interleaved (so a shared machine's load hits both alike): images per second of a
 * whole G+D step and its breakdown - G forward, D forward+backward (real and fake, after
 * DiffAugment), G step (G forward, DiffAugment, D forward, guide forward, backward through all,
 * Adam) - in wall time and in process CPU time (which counts MXNet's worker threads too).
 *
 * <p>Not a test: {@code GanThroughputBench [resolution [batch [rounds]]]} (defaults: 32 px, each
 * architecture's default batch - stylegan2 16, dcgan 32 - and 6 rounds of 5 steps, the first
 * round a warm-up). Guidance is included for dcgan (its default), with an untrained guide.
 */
public final class GanThroughputBench {

  static final boolean NOAUG = Boolean.getBoolean("bench.noaug");
  static final boolean NOGUIDE = Boolean.getBoolean("bench.noguide");

  public static void main(String[] a) {
    int res = a.length > 0 ? Integer.parseInt(a[0]) : 32;
    int n = a.length > 1 ? Integer.parseInt(a[1]) : 0; // 0: each architecture's default batch
    int rounds = a.length > 2 ? Integer.parseInt(a[2]) : 6;
    String[] archs = {GeneratorSpec.STYLEGAN2, GeneratorSpec.DCGAN};
    double[][] sums = new double[archs.length][8];
    int[] counted = new int[archs.length];
    int[] batch = new int[archs.length];
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "MXNet")) {
      Piece[] pieces = new Piece[archs.length];
      for (int i = 0; i < archs.length; i++) {
        GanOptions o = GanOptions.of(GeneratorConfig.newBuilder().setArchitecture(archs[i]).setResolution(res)
            .setBatchSize(n).build(), 1);
        batch[i] = o.batchSize();
        pieces[i] = new Piece(o, m);
      }
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < archs.length; i++) {
          for (int k = 0; k < 5; k++) {
            double[] t = pieces[i].step();
            if (r > 0) { // the first round warms up
              for (int j = 0; j < t.length; j++) {
                sums[i][j] += t[j];
              }
              counted[i]++;
            }
          }
        }
      }
    }
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    System.out.printf("GAN training throughput, %d px, OMP_NUM_THREADS=%s, MXNET_ENGINE_TYPE=%s, load average %.1f, %d "
        + "steps each%n", res, System.getenv("OMP_NUM_THREADS"), System.getenv("MXNET_ENGINE_TYPE"), load, counted[0]);
    System.out.println("arch      batch img/s(wall) img/s(cpu)  step ms   G fwd ms  D fwd+bwd ms  G step ms   (cpu ms: step, G fwd, D, G step)");
    for (int i = 0; i < archs.length; i++) {
      double c = counted[i];
      double[] s = sums[i];
      System.out.printf("%-10s %4d %10.1f %10.1f %8.1f %10.1f %13.1f %10.1f   (%.0f, %.0f, %.0f, %.0f)%n", archs[i],
          batch[i], batch[i] / (s[0] / c / 1e3), batch[i] / (s[4] / c / 1e3), s[0] / c, s[1] / c, s[2] / c, s[3] / c, s[4] / c, s[5] / c,
          s[6] / c, s[7] / c);
    }
    double perImage0 = sums[0][0] / counted[0] / batch[0];
    double perImage1 = sums[1][0] / counted[1] / batch[1];
    double cpu0 = sums[0][4] / counted[0] / batch[0];
    double cpu1 = sums[1][4] / counted[1] / batch[1];
    System.out.printf("images/s dcgan / stylegan2: wall %.2fx, cpu %.2fx%n", perImage0 / perImage1, cpu0 / cpu1);
  }

  /** One architecture's networks and a training step split into timed pieces. */
  private static final class Piece {
    final GanOptions o;
    final GeneratorModel g;
    final DiscriminatorNetwork d;
    final GuideClassifier guide;
    final Adam gOpt;
    final Adam dOpt;
    final NDManager m;
    final SplittableRandom rng = new SplittableRandom(5);

    Piece(GanOptions o, NDManager m) {
      this.o = o;
      this.m = m;
      GeneratorSpec spec = o.spec();
      g = GeneratorModel.create(spec, m, true, 1);
      d = new DiscriminatorNetwork(spec, m, 1);
      guide = o.guidanceWeight() > 0 ? new GuideClassifier(spec.channels(), m, false, 1) : null;
      gOpt = new Adam(g.params(), m, 0.002f, 0f, 0.99f);
      dOpt = new Adam(d.params(), m, 0.002f, 0f, 0.99f);
    }

    /** {wall ms: step, G fwd, D fwd+bwd, G step; cpu ms: the same}. */
    double[] step() {
      int n = o.batchSize();
      int r = o.resolution();
      try (NDManager s = m.newSubManager()) {
        g.params().lendTo(s);
        d.params().lendTo(s);
        if (guide != null) {
          guide.params().lendTo(s);
        }
        float[] oh = new float[n * Emotion.COUNT];
        for (int i = 0; i < n; i++) {
          oh[i * Emotion.COUNT + i % Emotion.COUNT] = 1;
        }
        NDArray c = s.create(oh, new Shape(n, Emotion.COUNT));
        NDArray real = s.randomUniform(-1f, 1f, new Shape(n, o.channels(), r, r));
        long w0 = System.nanoTime();
        long c0 = cpu();
        NDArray fake = g.generate(s.randomNormal(new Shape(n, o.latentSize())), c, 1f,
            GeneratorNetwork.NoiseSource.shared(rng));
        fake.sum().getFloat();
        long w1 = System.nanoTime();
        long c1 = cpu();
        try (GradientCollector gc = s.getEngine().newGradientCollector()) {
          NDArray loss = Activation.softPlus(d.forward(DiffAugment.apply(fake, rng), c)).mean()
              .add(Activation.softPlus(d.forward(DiffAugment.apply(real, rng), c).neg()).mean());
          loss.getFloat();
          gc.backward(loss);
        }
        dOpt.step(s);
        d.params().all().values().iterator().next().sum().getFloat();
        long w2 = System.nanoTime();
        long c2 = cpu();
        try (GradientCollector gc = s.getEngine().newGradientCollector()) {
          NDArray gen = g.generate(s.randomNormal(new Shape(n, o.latentSize())), c, 1f,
              GeneratorNetwork.NoiseSource.shared(rng));
          NDArray loss = Activation.softPlus(d.forward(NOAUG ? gen : DiffAugment.apply(gen, rng), c).neg()).mean();
          if (guide != null && !NOGUIDE) {
            loss = loss.add(GuideClassifier.crossEntropy(guide.logits(NOAUG ? gen : DiffAugment.apply(gen, rng)), c));
          }
          loss.getFloat();
          gc.backward(loss);
        }
        gOpt.step(s);
        g.params().all().values().iterator().next().sum().getFloat();
        long w3 = System.nanoTime();
        long c3 = cpu();
        return new double[] {(w3 - w0) / 1e6, (w1 - w0) / 1e6, (w2 - w1) / 1e6, (w3 - w2) / 1e6,
            (c3 - c0) / 1e6, (c1 - c0) / 1e6, (c2 - c1) / 1e6, (c3 - c2) / 1e6};
      }
    }

    static long cpu() {
      return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }
  }
}
