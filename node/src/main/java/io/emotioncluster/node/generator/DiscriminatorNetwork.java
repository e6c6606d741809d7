package io.emotioncluster.node.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.emotioncluster.node.model.Emotion;
import java.util.SplittableRandom;

/**
 * StyleGAN2's residual discriminator, conditioned by projection: fromRGB (1x1); per resolution
 * down to 8, two 3x3 convolutions and a 2x average pool, plus a pooled 1x1 skip, summed and
 * scaled by 1/sqrt(2); at 4x4 minibatch standard deviation, a 3x3 convolution and a dense layer
 * give features f; the score is a generic logit plus the dot product of f with the class's
 * learned embedding.
 */
final class DiscriminatorNetwork {

  private final GeneratorSpec spec;
  private final ParameterSet params;

  DiscriminatorNetwork(GeneratorSpec spec, NDManager manager, long seed) {
    this(spec, manager, true, seed);
  }

  DiscriminatorNetwork(GeneratorSpec spec, NDManager manager, boolean trainable, long seed) {
    this.spec = spec;
    this.params = new ParameterSet(manager, trainable);
    SplittableRandom rng = new SplittableRandom(seed ^ 0xD15CL);
    int r = spec.resolution();
    params.normal("rgb.w", rng, 1f, spec.width(r), spec.channels(), 1, 1);
    params.constant("rgb.b", 0f, spec.width(r));
    for (int res = r; res > 4; res /= 2) {
      int in = spec.width(res);
      int out = spec.width(res / 2);
      params.normal("b" + res + ".conv0.w", rng, 1f, in, in, 3, 3);
      params.constant("b" + res + ".conv0.b", 0f, in);
      params.normal("b" + res + ".conv1.w", rng, 1f, out, in, 3, 3);
      params.constant("b" + res + ".conv1.b", 0f, out);
      params.normal("b" + res + ".skip.w", rng, 1f, out, in, 1, 1);
    }
    int c = spec.width(4);
    params.normal("b4.conv.w", rng, 1f, c, c + 1, 3, 3);
    params.constant("b4.conv.b", 0f, c);
    params.normal("b4.fc.w", rng, 1f, c, (long) c * 16);
    params.constant("b4.fc.b", 0f, c);
    params.normal("b4.out.w", rng, 1f, 1, c);
    params.constant("b4.out.b", 0f, 1);
    params.normal("b4.embed", rng, 1f, Emotion.COUNT, c);
  }

  ParameterSet params() {
    return params;
  }

  /** images (N, C, R, R), class one-hot (N, 7) -> logits (N). */
  NDArray forward(NDArray images, NDArray classes) {
    NDArray x = GanOps.lrelu(GanOps.conv(images, params.get("rgb.w"), params.get("rgb.b")));
    for (int res = spec.resolution(); res > 4; res /= 2) {
      String b = "b" + res;
      NDArray skip = GanOps.conv(GanOps.avgPool(x), params.get(b + ".skip.w"), null);
      NDArray y = GanOps.lrelu(GanOps.conv(x, params.get(b + ".conv0.w"), params.get(b + ".conv0.b")));
      y = GanOps.avgPool(GanOps.lrelu(GanOps.conv(y, params.get(b + ".conv1.w"), params.get(b + ".conv1.b"))));
      x = y.add(skip).mul((float) Math.sqrt(0.5));
    }
    x = GanOps.minibatchStd(x);
    x = GanOps.lrelu(GanOps.conv(x, params.get("b4.conv.w"), params.get("b4.conv.b")));
    long n = x.getShape().get(0);
    NDArray f = GanOps.lrelu(GanOps.dense(x.reshape(n, -1), params.get("b4.fc.w"), params.get("b4.fc.b"), 1f));
    NDArray generic = GanOps.dense(f, params.get("b4.out.w"), params.get("b4.out.b"), 1f).reshape(n);
    long c = f.getShape().get(1);
    NDArray projection = f.mul(classes.matMul(params.get("b4.embed"))).sum(new int[] {1})
        .mul((float) (1 / Math.sqrt(c)));
    return generic.add(projection);
  }
}
