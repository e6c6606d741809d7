package io.emotioncluster.node.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A generator network as a function of its parameters: latent z and one-hot class in, images out.
 * Two implementations: {@link DcganGenerator} (the fast default) and {@link GeneratorNetwork}
 * (StyleGAN2-style, the paper's method).
 */
interface GeneratorModel {

  GeneratorSpec spec();

  ParameterSet params();

  /**
   * @param z       (N, L) standard normal
   * @param classes (N, 7) one-hot
   * @param psi     truncation in (0, 1]; 1 = none
   * @param noise   per-pixel noise (stylegan2 only; dcgan draws none)
   * @return images (N, C, R, R) in about [-1, 1]
   */
  NDArray generate(NDArray z, NDArray classes, float psi, GeneratorNetwork.NoiseSource noise);

  static GeneratorModel create(GeneratorSpec spec, NDManager manager, boolean trainable, long seed) {
    return spec.architecture().equals(GeneratorSpec.DCGAN)
        ? new DcganGenerator(spec, manager, trainable, seed)
        : new GeneratorNetwork(spec, manager, trainable, seed);
  }
}
