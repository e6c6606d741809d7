package io.emotioncluster.node.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.emotioncluster.node.model.Emotion;
import java.util.SplittableRandom;

/**
 * The fast default generator: a class-conditional DCGAN-style network without modulated
 * convolutions (StyleGAN2's grouped per-sample convolutions dominated the step time on CPUs).
 * z concatenated with a pixel-normed class embedding goes through a dense layer to a 4x4 map;
 * per resolution up to the output one: nearest 2x upsampling and two 3x3 convolutions, each
 * followed by leaky ReLU; at
 * 4 and 8 px also by class-conditional pixel normalisation (per-pixel unit norm over the
 * channels, then a learned gain and bias per class and channel, as conditional batch norm does in
 * BigGAN but independent of the batch). A 1x1 convolution and tanh give the image. Every weight
 * has an equalised learning rate (see {@link GanOps}). Truncation scales z by psi.
 */
final class DcganGenerator implements GeneratorModel {

  /**
   * Class-conditional normalisation only where the maps are small: on MXNet's CPU backend the
   * elementwise and broadcasting operations of a normalisation cost several times a 3x3
   * convolution at 16 and 32 px (measured: the whole 32 px generator's forward+backward took
   * 30 ms of CPU without them and 116-195 ms with them at every resolution). An expression is a
   * global attribute of the face, so conditioning the coarse layers is enough.
   */
  static final int NORM_UP_TO = 8;

  private final GeneratorSpec spec;
  private final ParameterSet params;

  DcganGenerator(GeneratorSpec spec, NDManager manager, boolean trainable, long seed) {
    this.spec = spec;
    this.params = new ParameterSet(manager, trainable);
    SplittableRandom rng = new SplittableRandom(seed ^ 0xDC6A4L);
    int l = spec.latentSize();
    int c4 = spec.width(4);
    params.normal("embed", rng, 1f, Emotion.COUNT, l);
    params.normal("fc.w", rng, 1f, (long) c4 * 16, 2L * l);
    params.constant("fc.b", 0f, (long) c4 * 16);
    norm("b4.norm", c4);
    int in = c4;
    for (int res = 8; res <= spec.resolution(); res *= 2) {
      int out = spec.width(res);
      params.normal("b" + res + ".conv0.w", rng, 1f, out, in, 3, 3);
      params.constant("b" + res + ".conv0.b", 0f, out);
      if (res <= NORM_UP_TO) {
        norm("b" + res + ".norm0", out);
      }
      params.normal("b" + res + ".conv1.w", rng, 1f, out, out, 3, 3);
      params.constant("b" + res + ".conv1.b", 0f, out);
      if (res <= NORM_UP_TO) {
        norm("b" + res + ".norm1", out);
      }
      in = out;
    }
    params.normal("rgb.w", rng, 1f, spec.channels(), in, 1, 1);
    params.constant("rgb.b", 0f, spec.channels());
  }

  /** Per class and channel: gain (around 1) and bias, both starting at 0 (plain pixel norm). */
  private void norm(String name, int channels) {
    params.constant(name + ".gain", 0f, Emotion.COUNT, channels);
    params.constant(name + ".bias", 0f, Emotion.COUNT, channels);
  }

  @Override
  public GeneratorSpec spec() {
    return spec;
  }

  @Override
  public ParameterSet params() {
    return params;
  }

  @Override
  public NDArray generate(NDArray z, NDArray classes, float psi, GeneratorNetwork.NoiseSource noise) {
    long n = z.getShape().get(0);
    NDArray embed = GanOps.pixelNorm(classes.matMul(params.get("embed")));
    NDArray x = (psi == 1f ? z : z.mul(psi)).concat(embed, 1);
    int c4 = spec.width(4);
    x = GanOps.lrelu(GanOps.dense(x, params.get("fc.w"), params.get("fc.b"), 1f)).reshape(n, c4, 4, 4);
    x = classNorm(x, "b4.norm", classes);
    for (int res = 8; res <= spec.resolution(); res *= 2) {
      String b = "b" + res;
      x = GanOps.lrelu(GanOps.conv(GanOps.upsample(x), params.get(b + ".conv0.w"), params.get(b + ".conv0.b")));
      if (res <= NORM_UP_TO) {
        x = classNorm(x, b + ".norm0", classes);
      }
      x = GanOps.lrelu(GanOps.conv(x, params.get(b + ".conv1.w"), params.get(b + ".conv1.b")));
      if (res <= NORM_UP_TO) {
        x = classNorm(x, b + ".norm1", classes);
      }
    }
    return GanOps.conv(x, params.get("rgb.w"), params.get("rgb.b")).tanh();
  }

  /** Pixel norm (unit mean square over the channels at each pixel), then a per-class gain and bias. */
  private NDArray classNorm(NDArray x, String name, NDArray classes) {
    long n = x.getShape().get(0);
    long c = x.getShape().get(1);
    NDArray gain = classes.matMul(params.get(name + ".gain")).add(1f).reshape(n, c, 1, 1);
    NDArray bias = classes.matMul(params.get(name + ".bias")).reshape(n, c, 1, 1);
    return GanOps.pixelNorm(x).mul(gain).add(bias);
  }
}
