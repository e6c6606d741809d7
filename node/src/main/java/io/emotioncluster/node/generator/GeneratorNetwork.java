package io.emotioncluster.node.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.emotioncluster.node.model.Emotion;
import java.util.SplittableRandom;

/**
 * A class-conditional StyleGAN2 generator. Mapping: pixel-normed z concatenated with a
 * pixel-normed class embedding, then {@code mappingLayers} dense layers (lr x0.01) to w.
 * Synthesis: a learned 4x4 constant; per resolution up to the output one, nearest 2x upsampling,
 * two modulated/demodulated 3x3 convolutions each followed by per-pixel noise (learned strength
 * per channel), bias and leaky ReLU; a modulated 1x1 toRGB per resolution whose outputs are
 * upsampled and summed (skip architecture).
 */
final class GeneratorNetwork implements GeneratorModel {

  static final float MAPPING_LR_MUL = 0.01f;

  private final GeneratorSpec spec;
  private final ParameterSet params;

  GeneratorNetwork(GeneratorSpec spec, NDManager manager, boolean trainable, long seed) {
    this.spec = spec;
    this.params = new ParameterSet(manager, trainable);
    SplittableRandom rng = new SplittableRandom(seed ^ 0x6E7A1L);
    int l = spec.latentSize();
    params.normal("map.embed", rng, 1f, Emotion.COUNT, l);
    for (int i = 0; i < spec.mappingLayers(); i++) {
      params.normal("map" + i + ".w", rng, 1f / MAPPING_LR_MUL, l, i == 0 ? 2L * l : l);
      params.constant("map" + i + ".b", 0f, l);
    }
    params.normal("const", rng, 1f, 1, spec.width(4), 4, 4);
    int in = spec.width(4);
    for (int res = 4; res <= spec.resolution(); res *= 2) {
      int out = spec.width(res);
      if (res > 4) {
        layer("b" + res + ".conv0", rng, in, out);
      }
      layer("b" + res + ".conv1", rng, out, out);
      params.normal("b" + res + ".rgb.affine.w", rng, 1f, out, l);
      params.constant("b" + res + ".rgb.affine.b", 1f, out);
      params.normal("b" + res + ".rgb.w", rng, 1f, spec.channels(), out, 1, 1);
      params.constant("b" + res + ".rgb.b", 0f, spec.channels());
      in = out;
    }
  }

  private void layer(String name, SplittableRandom rng, int in, int out) {
    params.normal(name + ".affine.w", rng, 1f, in, spec.latentSize());
    params.constant(name + ".affine.b", 1f, in); // styles start at 1: plain convolutions at first
    params.normal(name + ".w", rng, 1f, out, in, 3, 3);
    params.constant(name + ".noise", 0f, out);
    params.constant(name + ".b", 0f, out);
  }

  @Override
  public GeneratorSpec spec() {
    return spec;
  }

  @Override
  public ParameterSet params() {
    return params;
  }

  /** mapping, class-wise truncation (toward the class's average w, when measured), synthesis. */
  @Override
  public NDArray generate(NDArray z, NDArray classes, float psi, NoiseSource noise) {
    NDArray w = mapping(z, classes);
    float[][] classW = spec.classW();
    if (classW != null && psi != 1f) {
      float[] avg = new float[classW[0].length * (int) classes.getShape().get(0)];
      float[] onehot = classes.toFloatArray();
      int n = (int) classes.getShape().get(0);
      for (int i = 0; i < n; i++) {
        int c = 0;
        for (int k = 0; k < Emotion.COUNT; k++) {
          if (onehot[i * Emotion.COUNT + k] > 0.5f) {
            c = k;
          }
        }
        System.arraycopy(classW[c], 0, avg, i * classW[c].length, classW[c].length);
      }
      NDArray a = w.getManager().create(avg, new Shape(n, classW[0].length));
      w = w.sub(a).mul(psi).add(a);
    }
    return synthesis(w, noise);
  }

  /** z (N, L), class one-hot (N, 7) -> w (N, L). */
  NDArray mapping(NDArray z, NDArray classes) {
    NDArray embed = GanOps.pixelNorm(classes.matMul(params.get("map.embed")));
    NDArray x = GanOps.pixelNorm(z).concat(embed, 1);
    for (int i = 0; i < spec.mappingLayers(); i++) {
      x = GanOps.lrelu(GanOps.dense(x, params.get("map" + i + ".w"), params.get("map" + i + ".b"), MAPPING_LR_MUL));
    }
    return x;
  }

  /**
   * w (N, L) -> images (N, C, R, R), about [-1, 1]. {@code noise} supplies the per-pixel noise:
   * one source per sample, so an image depends only on its own seed, never on its batch.
   */
  NDArray synthesis(NDArray w, NoiseSource noise) {
    NDManager m = w.getManager();
    long n = w.getShape().get(0);
    NDArray x = params.get("const").broadcast(n, spec.width(4), 4, 4);
    x = x.mul(1f); // a fresh array owned by this pass rather than a view on the parameter
    NDArray img = null;
    for (int res = 4; res <= spec.resolution(); res *= 2) {
      String b = "b" + res;
      if (res > 4) {
        x = GanOps.upsample(x);
        x = styledLayer(b + ".conv0", x, w, noise, m, res);
      }
      x = styledLayer(b + ".conv1", x, w, noise, m, res);
      NDArray styles = GanOps.dense(w, params.get(b + ".rgb.affine.w"), params.get(b + ".rgb.affine.b"), 1f);
      NDArray rgb = GanOps.modulatedConv(x, params.get(b + ".rgb.w"), styles, false)
          .add(params.get(b + ".rgb.b").reshape(1, spec.channels(), 1, 1));
      img = img == null ? rgb : GanOps.upsample(img).add(rgb);
    }
    return img;
  }

  private NDArray styledLayer(String name, NDArray x, NDArray w, NoiseSource noise, NDManager m, int res) {
    NDArray styles = GanOps.dense(w, params.get(name + ".affine.w"), params.get(name + ".affine.b"), 1f);
    NDArray y = GanOps.modulatedConv(x, params.get(name + ".w"), styles, true);
    long n = x.getShape().get(0);
    long c = y.getShape().get(1);
    NDArray pixels = m.create(noise.next((int) n, res * res), new Shape(n, 1, res, res));
    y = y.add(pixels.mul(params.get(name + ".noise").reshape(1, c, 1, 1)));
    return GanOps.lrelu(y.add(params.get(name + ".b").reshape(1, c, 1, 1)));
  }

  /** Where per-pixel noise comes from: n samples of {@code perSample} standard-normal values. */
  interface NoiseSource {
    float[] next(int n, int perSample);

    /** One seeded stream per sample (generation: each image reproducible from its own seed). */
    static NoiseSource perSample(SplittableRandom[] rngs) {
      return (n, perSample) -> {
        float[] v = new float[n * perSample];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < perSample; j++) {
            v[i * perSample + j] = (float) ParameterSet.gaussian(rngs[i]);
          }
        }
        return v;
      };
    }

    /** One stream for the whole batch (training). */
    static NoiseSource shared(SplittableRandom rng) {
      return (n, perSample) -> {
        float[] v = new float[n * perSample];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) ParameterSet.gaussian(rng);
        }
        return v;
      };
    }
  }
}
