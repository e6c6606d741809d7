package io.emotioncluster.node.generator;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;

/** Times the pieces of a GAN step (not a test: run its main). */
public final class GanMicroBench {
  public static void main(String[] a) {
    int res = Integer.parseInt(a[0]);
    int n = Integer.parseInt(a[1]);
    GeneratorSpec spec = new GeneratorSpec(res, 1, 64, 2, Integer.parseInt(a[2]), 16, null, GeneratorSpec.STYLEGAN2);
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "MXNet")) {
      GeneratorNetwork g = new GeneratorNetwork(spec, m, true, 1);
      DiscriminatorNetwork d = new DiscriminatorNetwork(spec, m, 1);
      for (int rep = 0; rep < 8; rep++) {
        try (NDManager s = m.newSubManager()) {
          g.params().lendTo(s);
          d.params().lendTo(s);
          NDArray c = TrainedGenerator.oneHot(s, io.emotioncluster.node.model.Emotion.ANGER, n);
          NDArray z = s.randomNormal(new Shape(n, 64));
          long t = System.nanoTime();
          NDArray img = g.synthesis(g.mapping(z, c), GeneratorNetwork.NoiseSource.shared(new SplittableRandom(1)));
          img.sum().getFloat();
          long t1 = System.nanoTime();
          d.forward(img, c).sum().getFloat();
          long t2 = System.nanoTime();
          NDArray aug = DiffAugment.apply(img, new SplittableRandom(2));
          aug.sum().getFloat();
          long t3 = System.nanoTime();
          try (GradientCollector gc = s.getEngine().newGradientCollector()) {
            NDArray f = g.synthesis(g.mapping(z, c), GeneratorNetwork.NoiseSource.shared(new SplittableRandom(1)));
            gc.backward(d.forward(f, c).mean());
          }
          long t4 = System.nanoTime();
          try (GradientCollector gc = s.getEngine().newGradientCollector()) {
            gc.backward(d.forward(img, c).mean());
          }
          long t5 = System.nanoTime();
          System.out.printf("G fwd %.0f ms, D fwd %.0f ms, aug %.0f ms, G+D fwd+bwd %.0f ms, D fwd+bwd %.0f ms%n",
              (t1 - t) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6);
        }
      }
    }
  }
}
