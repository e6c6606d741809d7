package io.emotioncluster.node.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;

/** Batch of preprocessed images in, one row of 7 softmax probabilities per image out. */
final class BatchTranslator implements NoBatchifyTranslator<InputBatch, float[][]> {

  @Override
  public NDList processInput(TranslatorContext ctx, InputBatch batch) {
    var spec = batch.spec();
    int n = batch.count();
    NDArray x = ctx.getNDManager().create(FloatBuffer.wrap(batch.data(), 0, n * spec.size()),
        new Shape(n, spec.channels(), spec.height(), spec.width()));
    return new NDList(x);
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    NDArray probs = list.singletonOrThrow().softmax(1);
    float[] flat = probs.toFloatArray();
    int classes = (int) probs.getShape().get(1);
    int n = flat.length / classes;
    float[][] rows = new float[n][classes];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * classes, rows[i], 0, classes);
    }
    return rows;
  }
}
