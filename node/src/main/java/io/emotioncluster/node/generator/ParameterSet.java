package io.emotioncluster.node.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The named weights of one network, kept as plain NDArrays. The GAN is written as functions over
 * these rather than DJL blocks because its training needs what DJL's Trainer does not offer:
 * two optimisers stepping different subsets, a weight average and a regulariser every N steps.
 */
final class ParameterSet {

  private final NDManager manager;
  private final Map<String, NDArray> arrays = new LinkedHashMap<>();
  private final boolean trainable;

  ParameterSet(NDManager manager, boolean trainable) {
    this.manager = manager;
    this.trainable = trainable;
  }

  /** Standard-normal weights scaled by {@code std} (equalised learning rate keeps std at 1 / lr multiplier). */
  NDArray normal(String name, SplittableRandom rng, float std, long... shape) {
    Shape s = new Shape(shape);
    float[] v = new float[(int) s.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (gaussian(rng) * std);
    }
    return put(name, manager.create(v, s));
  }

  /** Given values (row-major in {@code shape}). */
  NDArray values(String name, float[] v, long... shape) {
    return put(name, manager.create(v, new Shape(shape)));
  }

  NDArray constant(String name, float value, long... shape) {
    return put(name, manager.full(new Shape(shape), value));
  }

  private NDArray put(String name, NDArray a) {
    if (arrays.containsKey(name)) {
      throw new IllegalStateException("duplicate parameter " + name);
    }
    a.setName(name);
    if (trainable) {
      a.setRequiresGradient(true);
    }
    arrays.put(name, a);
    return a;
  }

  NDArray get(String name) {
    NDArray a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return a;
  }

  Map<String, NDArray> all() {
    return arrays;
  }

  long count() {
    return arrays.values().stream().mapToLong(NDArray::size).sum();
  }

  /**
   * Lends every array to {@code scratch} until it closes: results of operations whose first
   * operand is a parameter are then freed with the step's other temporaries.
   */
  void lendTo(NDManager scratch) {
    arrays.values().forEach(a -> a.tempAttach(scratch));
  }

  NDList toList() {
    NDList list = new NDList();
    arrays.forEach((name, a) -> {
      NDArray copy = a.duplicate();
      copy.setName(name);
      list.add(copy);
    });
    return list;
  }

  /** Overwrites the values from {@code list} (matched by name; shapes must agree). */
  void load(NDList list) {
    Map<String, NDArray> byName = new LinkedHashMap<>();
    list.forEach(a -> byName.put(a.getName(), a));
    for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
      NDArray src = byName.get(e.getKey());
      if (src == null || !src.getShape().equals(e.getValue().getShape())) {
        throw new IllegalArgumentException("parameter " + e.getKey() + " missing or of another shape ("
            + (src == null ? "missing" : src.getShape()) + " vs " + e.getValue().getShape() + ")");
      }
      e.getValue().set(src.toFloatArray());
    }
  }

  /** this = other (same names and shapes). */
  void copyFrom(ParameterSet other) {
    for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
      e.getValue().set(other.get(e.getKey()).toFloatArray());
    }
  }

  static double gaussian(SplittableRandom rng) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
