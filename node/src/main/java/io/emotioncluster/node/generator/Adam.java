package io.emotioncluster.node.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam over one {@link ParameterSet}, with StyleGAN2's betas (0, 0.99) by default. Each network
 * has its own, so the discriminator step never moves the generator and vice versa.
 */
final class Adam {

  private final ParameterSet params;
  private final float lr;
  private final float beta1;
  private final float beta2;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  private long t;

  Adam(ParameterSet params, NDManager manager, float lr, float beta1, float beta2) {
    this.params = params;
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    params.all().forEach((name, p) -> {
      v.put(name, manager.zeros(p.getShape()));
      if (beta1 > 0) {
        m.put(name, manager.zeros(p.getShape()));
      }
    });
  }

  /** One update from the gradients of the last backward pass; temporaries go to {@code scratch}. */
  void step(NDManager scratch) {
    t++;
    v.values().forEach(a -> a.tempAttach(scratch));
    m.values().forEach(a -> a.tempAttach(scratch));
    float c2 = (float) (1 - Math.pow(beta2, t));
    float c1 = (float) (1 - Math.pow(beta1, t));
    for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
      NDArray p = e.getValue();
      NDArray g = p.getGradient();
      g.attach(scratch);
      NDArray vv = v.get(e.getKey());
      vv.muli(beta2).addi(g.square().muli(1 - beta2));
      NDArray mom = g;
      if (beta1 > 0) {
        NDArray mm = m.get(e.getKey());
        mm.muli(beta1).addi(g.mul(1 - beta1));
        mom = mm.div(c1);
      }
      NDArray update = mom.div(vv.div(c2).sqrt().add(1e-8f)).muli(lr);
      p.subi(update);
    }
  }

  long steps() {
    return t;
  }

  /** Moments and step count, for checkpoints. */
  NDList state(String prefix) {
    NDList list = new NDList();
    v.forEach((k, a) -> named(list, a, prefix + ".v." + k));
    m.forEach((k, a) -> named(list, a, prefix + ".m." + k));
    return list;
  }

  void restore(Map<String, NDArray> byName, String prefix, long steps) {
    v.forEach((k, a) -> a.set(byName.get(prefix + ".v." + k).toFloatArray()));
    m.forEach((k, a) -> a.set(byName.get(prefix + ".m." + k).toFloatArray()));
    t = steps;
  }

  private static void named(NDList list, NDArray a, String name) {
    NDArray copy = a.duplicate();
    copy.setName(name);
    list.add(copy);
  }
}
