package io.emotioncluster.node.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;

/**
 * The StyleGAN2 building blocks as functions of NDArrays. Every weight is stored with unit
 * variance and scaled at run time by 1/sqrt(fan-in) (the "equalised learning rate"), so Adam
 * moves all layers at the same relative speed.
 */
final class GanOps {

  static final float LRELU_SLOPE = 0.2f;
  static final float LRELU_GAIN = (float) Math.sqrt(2);

  private GanOps() {}

  /** Leaky ReLU scaled to keep unit variance. */
  static NDArray lrelu(NDArray x) {
    return Activation.leakyRelu(x, LRELU_SLOPE).mul(LRELU_GAIN);
  }

  /** x / sqrt(mean(x^2) over features): z and the class embedding enter the mapping on one scale. */
  static NDArray pixelNorm(NDArray x) {
    return x.div(x.square().mean(new int[] {1}, true).add(1e-8f).sqrt());
  }

  /** Dense layer with equalised learning rate; {@code lrMul} slows the mapping network down. */
  static NDArray dense(NDArray x, NDArray w, NDArray b, float lrMul) {
    long in = w.getShape().get(1);
    NDArray scaled = x.mul((float) (lrMul / Math.sqrt(in)));
    NDArray y = Linear.linear(scaled, w, null).singletonOrThrow();
    return b == null ? y : y.add(b.mul(lrMul));
  }

  /** Plain convolution with equalised learning rate, "same" padding. */
  static NDArray conv(NDArray x, NDArray w, NDArray b) {
    Shape s = w.getShape();
    int k = (int) s.get(2);
    // scale the (small) weight rather than the (large) input: the same function, far fewer operations
    NDArray scaled = w.mul((float) (1 / Math.sqrt(s.get(1) * k * k)));
    NDList out = b == null
        ? Conv2d.conv2d(x, scaled, null, new Shape(1, 1), new Shape(k / 2, k / 2))
        : Conv2d.conv2d(x, scaled, b, new Shape(1, 1), new Shape(k / 2, k / 2));
    return out.singletonOrThrow();
  }

  /**
   * StyleGAN2's modulated convolution: the weight is scaled per input channel by each sample's
   * style and (with {@code demodulate}) renormalised per output channel, then applied as one
   * grouped convolution with groups = batch, each group holding one sample's own weights.
   *
   * @param x      (N, Cin, H, W)
   * @param w      (Cout, Cin, k, k), unit variance
   * @param styles (N, Cin)
   */
  static NDArray modulatedConv(NDArray x, NDArray w, NDArray styles, boolean demodulate) {
    Shape xs = x.getShape();
    long n = xs.get(0);
    long cin = xs.get(1);
    Shape ws = w.getShape();
    long cout = ws.get(0);
    int k = (int) ws.get(2);
    float fanIn = (float) (1 / Math.sqrt(cin * k * k));
    NDArray perSample = styles.mul(fanIn).reshape(n, 1, cin, 1, 1).mul(w.expandDims(0)); // (N,Cout,Cin,k,k)
    if (demodulate) {
      NDArray d = perSample.square().sum(new int[] {2, 3, 4}).add(1e-8f).pow(-0.5f); // (N, Cout)
      perSample = perSample.mul(d.reshape(n, cout, 1, 1, 1));
    }
    NDArray grouped = Conv2d.conv2d(x.reshape(1, n * cin, xs.get(2), xs.get(3)),
        perSample.reshape(n * cout, cin, k, k), null, new Shape(1, 1), new Shape(k / 2, k / 2),
        new Shape(1, 1), (int) n).singletonOrThrow();
    return grouped.reshape(n, cout, xs.get(2), xs.get(3));
  }

  /**
   * The same function as {@link #modulatedConv} computed without per-sample weights: scale the
   * input channels by the style, convolve with the shared weight, scale the output channels by
   * the demodulation factor (StyleGAN2's non-fused path). Kept as the reference the grouped
   * form is tested against; under heavy CPU contention neither was measurably faster.
   */
  static NDArray modulatedConvUnfused(NDArray x, NDArray w, NDArray styles, boolean demodulate) {
    Shape xs = x.getShape();
    long n = xs.get(0);
    long cin = xs.get(1);
    Shape ws = w.getShape();
    long cout = ws.get(0);
    int k = (int) ws.get(2);
    NDArray s = styles.mul((float) (1 / Math.sqrt(cin * k * k)));
    NDArray y = Conv2d.conv2d(x.mul(s.reshape(n, cin, 1, 1)), w, null, new Shape(1, 1), new Shape(k / 2, k / 2))
        .singletonOrThrow();
    if (demodulate) {
      // sum over (Cin, k, k) of (w s)^2 = (s^2) . (sum over k, k of w^2)
      NDArray d = s.square().matMul(w.square().sum(new int[] {2, 3}).transpose()).add(1e-8f).pow(-0.5f);
      y = y.mul(d.reshape(n, cout, 1, 1));
    }
    return y;
  }

  /** Nearest-neighbour 2x upsampling of NCHW (DJL's transposed convolution is broken on MXNet). */
  static NDArray upsample(NDArray x) {
    return x.repeat(2, 2).repeat(3, 2);
  }

  static NDArray avgPool(NDArray x) {
    return ai.djl.nn.pooling.Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
  }

  /**
   * Minibatch standard deviation: one extra feature map holding the average spread of the
   * features across a group of samples, so the discriminator can see a collapsed batch.
   */
  static NDArray minibatchStd(NDArray x) {
    Shape s = x.getShape();
    long n = s.get(0);
    long g = n % 4 == 0 ? 4 : n;
    long m = n / g;
    NDArray y = x.reshape(g, m, s.get(1), s.get(2), s.get(3));
    y = y.sub(y.mean(new int[] {0}, true));
    NDArray std = y.square().mean(new int[] {0}).add(1e-8f).sqrt(); // (M, C, H, W)
    NDArray perGroup = std.mean(new int[] {1, 2, 3}).reshape(1, m, 1, 1, 1);
    NDArray map = perGroup.broadcast(g, m, 1, s.get(2), s.get(3)).reshape(n, 1, s.get(2), s.get(3));
    return x.concat(map, 1);
  }
}
