package io.emotioncluster.node.generator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import io.emotioncluster.node.model.Emotion;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Shapes, gradient flow and per-sample modulation of the generator and discriminator. */
class GanNetworkTest {

  private static GeneratorSpec spec(int res, int channels) {
    return new GeneratorSpec(res, channels, 32, 2, 32, 8, null, GeneratorSpec.STYLEGAN2);
  }

  private static NDArray oneHot(NDManager m, int... classes) {
    float[] v = new float[classes.length * Emotion.COUNT];
    for (int i = 0; i < classes.length; i++) {
      v[i * Emotion.COUNT + classes[i]] = 1;
    }
    return m.create(v, new Shape(classes.length, Emotion.COUNT));
  }

  @Test
  void shapesForTwoResolutions() {
    for (int[] rc : new int[][] {{8, 1}, {32, 3}}) {
      try (NDManager m = NDManager.newBaseManager(Device.cpu(), "MXNet")) {
        GeneratorSpec s = spec(rc[0], rc[1]);
        GeneratorNetwork g = new GeneratorNetwork(s, m, false, 1);
        DiscriminatorNetwork d = new DiscriminatorNetwork(s, m, 1);
        NDArray z = m.randomNormal(new Shape(4, 32));
        NDArray c = oneHot(m, 0, 3, 6, 2);
        NDArray w = g.mapping(z, c);
        assertThat(w.getShape()).isEqualTo(new Shape(4, 32));
        NDArray img = g.synthesis(w, GeneratorNetwork.NoiseSource.shared(new SplittableRandom(1)));
        assertThat(img.getShape()).isEqualTo(new Shape(4, rc[1], rc[0], rc[0]));
        assertThat(d.forward(img, c).getShape()).isEqualTo(new Shape(4));
        assertThat(Float.isFinite(img.sum().getFloat())).isTrue();
      }
    }
  }

  @Test
  void everyParameterGetsAGradient() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "MXNet")) {
      GeneratorSpec s = spec(16, 1);
      GeneratorNetwork g = new GeneratorNetwork(s, m, true, 2);
      DiscriminatorNetwork d = new DiscriminatorNetwork(s, m, 2);
      NDArray c = oneHot(m, 1, 4, 5, 0);
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray fake = g.synthesis(g.mapping(m.randomNormal(new Shape(4, 32)), c),
            GeneratorNetwork.NoiseSource.shared(new SplittableRandom(3)));
        gc.backward(Activation.softPlus(d.forward(fake, c).neg()).mean());
      }
      assertNonZero(g.params().all());
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray real = m.randomUniform(-1, 1, new Shape(4, 1, 16, 16));
        gc.backward(Activation.softPlus(d.forward(real, c).neg()).mean());
      }
      assertNonZero(d.params().all());
    }
  }

  @Test
  void dcganShapesGradientsAndClassDependence() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "MXNet")) {
      GeneratorSpec s = new GeneratorSpec(32, 1, 16, 2, 32, 16, null, GeneratorSpec.DCGAN);
      GeneratorModel g = GeneratorModel.create(s, m, true, 3);
      assertThat(g).isInstanceOf(DcganGenerator.class);
      DiscriminatorNetwork d = new DiscriminatorNetwork(s, m, 3);
      NDArray z = m.randomNormal(new Shape(2, 16)).repeat(0, 2); // rows 0 and 1 share z, and rows 2 and 3
      NDArray c = oneHot(m, 1, 1, 1, 5);
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray fake = g.generate(z, c, 1f, null);
        assertThat(fake.getShape()).isEqualTo(new Shape(4, 1, 32, 32));
        assertThat(fake.abs().max().getFloat()).isLessThanOrEqualTo(1f); // tanh
        gc.backward(Activation.softPlus(d.forward(fake, c).neg()).mean());
      }
      // the class-conditional gains and biases start at zero: nudge them so the class matters
      for (var e : g.params().all().entrySet()) {
        if (e.getKey().contains(".norm")) {
          e.getValue().set(m.randomNormal(e.getValue().getShape()).mul(0.5f).toFloatArray());
        }
      }
      assertNonZero(Map.of("fc.w", g.params().get("fc.w"), "embed", g.params().get("embed"), "rgb.w",
          g.params().get("rgb.w"), "b32.conv1.w", g.params().get("b32.conv1.w")));
      NDArray img = g.generate(z, c, 1f, null);
      assertThat(img.get(2).sub(img.get(3)).abs().sum().getFloat()).as("same z, another class").isGreaterThan(1f);
      assertThat(img.get(0).sub(img.get(1)).abs().sum().getFloat()).as("same z, same class").isLessThan(1e-3f);
    }
  }

  private static void assertNonZero(Map<String, NDArray> params) {
    params.forEach((name, a) -> assertThat(a.getGradient().abs().sum().getFloat())
        .as("gradient of " + name).isGreaterThan(0f));
  }

  @Test
  void modulationIsPerSample() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "MXNet")) {
      NDArray x = m.randomNormal(new Shape(1, 4, 6, 6)).repeat(0, 2); // the same input twice
      NDArray weight = m.randomNormal(new Shape(5, 4, 3, 3));
      NDArray styles = m.create(new float[] {1, 1, 1, 1, 0.2f, 3, 1, -1}, new Shape(2, 4));
      NDArray y = GanOps.modulatedConv(x, weight, styles, true);
      assertThat(y.getShape()).isEqualTo(new Shape(2, 5, 6, 6));
      float diff = y.get(0).sub(y.get(1)).abs().sum().getFloat();
      assertThat(diff).isGreaterThan(1f);
      // the same style twice gives the same output twice
      NDArray same = GanOps.modulatedConv(x, weight, m.create(new float[] {1, 2, 3, 4, 1, 2, 3, 4}, new Shape(2, 4)), true);
      assertThat(same.get(0).sub(same.get(1)).abs().max().getFloat()).isLessThan(1e-5f);
      // the grouped per-sample-weight form equals scale-convolve-scale with the shared weight
      for (boolean demod : new boolean[] {true, false}) {
        NDArray grouped = GanOps.modulatedConv(x, weight, styles, demod);
        NDArray unfused = GanOps.modulatedConvUnfused(x, weight, styles, demod);
        assertThat(grouped.sub(unfused).abs().max().getFloat()).isLessThan(1e-4f);
      }
      // demodulation: scaling a sample's style by a constant does not change its output
      NDArray scaled = GanOps.modulatedConv(x, weight, m.create(new float[] {2, 4, 6, 8, 1, 2, 3, 4}, new Shape(2, 4)), true);
      assertThat(scaled.get(0).sub(scaled.get(1)).abs().max().getFloat()).isLessThan(1e-4f);
    }
  }
}
