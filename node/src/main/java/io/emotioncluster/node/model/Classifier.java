package io.emotioncluster.node.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.translate.TranslateException;
import io.emotioncluster.node.image.InputSpec;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A classifier network with its parameters, on one engine and device. Not itself thread-safe for
 * prediction: each thread takes its own {@link Forward} (a DJL predictor), as DJL recommends.
 */
public final class Classifier implements AutoCloseable, io.emotioncluster.node.registry.RegistrableModel {

  public static final String PARAMS_PREFIX = "model";

  private final Architecture architecture;
  private final Model model;

  private Classifier(Architecture architecture, Model model) {
    this.architecture = architecture;
    this.model = model;
  }

  /** A freshly initialised network (random weights). */
  public static Classifier create(Architecture arch, EngineConfig engine) {
    Model model = Model.newInstance("emotion-classifier", engine.djlDevice(), engine.engine());
    SequentialBlock block = ClassifierNetwork.build(arch);
    model.setBlock(block);
    InputSpec in = arch.input();
    block.initialize(model.getNDManager(), DataType.FLOAT32,
        new Shape(1, in.channels(), in.height(), in.width()));
    return new Classifier(arch, model);
  }

  /** Loads {@code dir/model-0000.params} into the network the architecture describes. */
  public static Classifier load(Architecture arch, EngineConfig engine, Path dir) throws IOException {
    Model model = Model.newInstance("emotion-classifier", engine.djlDevice(), engine.engine());
    model.setBlock(ClassifierNetwork.build(arch));
    try {
      model.load(dir, PARAMS_PREFIX);
    } catch (MalformedModelException e) {
      model.close();
      throw new IOException("parameters in " + dir + " do not fit architecture " + arch.name(), e);
    }
    prime(model, arch.input());
    return new Classifier(arch, model);
  }

  /**
   * One forward pass on the loading thread before anyone else uses the model. Without it, the
   * first passes of several serving workers at once (their concurrent warm-up) were measured to
   * leave a freshly loaded MXNet model permanently wrong (different wrong scores per load, until
   * reloaded), most visibly on the depthwise convolutions of the imported face-api network.
   */
  private static void prime(Model model, InputSpec in) {
    try (Predictor<InputBatch, float[][]> p = model.newPredictor(new BatchTranslator())) {
      p.predict(new InputBatch(new float[in.size()], 1, in));
    } catch (TranslateException e) {
      model.close();
      throw new IllegalStateException("first forward pass of the loaded model failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void save(Path dir) throws IOException {
    model.save(dir, PARAMS_PREFIX);
  }

  public Architecture architecture() {
    return architecture;
  }

  public InputSpec input() {
    return architecture.input();
  }

  public Model djlModel() {
    return model;
  }

  public SequentialBlock network() {
    return (SequentialBlock) model.getBlock();
  }

  public long parameterCount() {
    long n = 0;
    for (Parameter p : model.getBlock().getParameters().values()) {
      if (p.isInitialized()) {
        n += p.getArray().size();
      }
    }
    return n;
  }

  public String engineName() {
    return model.getNDManager().getEngine().getEngineName();
  }

  public String deviceName() {
    return model.getNDManager().getDevice().toString();
  }

  /** A per-thread inference handle. Close it when the thread is done. */
  public Forward newForward() {
    return new Forward(model.newPredictor(new BatchTranslator()), architecture.input());
  }

  /**
   * The activations that feed the final 7-logit layer (the penultimate layer), one row per image
   * of {@code count} laid out NCHW in {@code data}: the feature space for distances such as KID.
   * Inference mode; call from one thread at a time.
   */
  public float[][] penultimateFeatures(float[] data, int count) {
    InputSpec in = architecture.input();
    try (ai.djl.ndarray.NDManager m = model.getNDManager().newSubManager()) {
      ai.djl.ndarray.NDList x = new ai.djl.ndarray.NDList(m.create(java.nio.FloatBuffer.wrap(data, 0, count * in.size()),
          new Shape(count, in.channels(), in.height(), in.width())));
      ai.djl.training.ParameterStore ps = new ai.djl.training.ParameterStore(m, false);
      java.util.List<ai.djl.nn.Block> top = network().getChildren().values();
      java.util.List<ai.djl.nn.Block> path = new java.util.ArrayList<>(top.subList(0, top.size() - 1));
      ai.djl.nn.Block last = top.get(top.size() - 1);
      if (last instanceof SequentialBlock head) { // features + head: stop before the head's last layer
        java.util.List<ai.djl.nn.Block> h = head.getChildren().values();
        path.addAll(h.subList(0, h.size() - 1));
      }
      for (ai.djl.nn.Block b : path) {
        x = b.forward(ps, x, false);
      }
      ai.djl.ndarray.NDArray f = x.singletonOrThrow().reshape(count, -1);
      float[] flat = f.toFloatArray();
      int d = flat.length / count;
      float[][] rows = new float[count][d];
      for (int i = 0; i < count; i++) {
        System.arraycopy(flat, i * d, rows[i], 0, d);
      }
      return rows;
    }
  }

  @Override
  public void close() {
    model.close();
  }

  /** Runs batches through the network on the calling thread. */
  public static final class Forward implements AutoCloseable {
    private final Predictor<InputBatch, float[][]> predictor;
    private final InputSpec spec;

    private Forward(Predictor<InputBatch, float[][]> predictor, InputSpec spec) {
      this.predictor = predictor;
      this.spec = spec;
    }

    /** Probabilities for {@code count} images laid out NCHW in {@code data}. */
    public float[][] probabilities(float[] data, int count) {
      try {
        return predictor.predict(new InputBatch(data, count, spec));
      } catch (TranslateException e) {
        throw new IllegalStateException("inference failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      predictor.close();
    }
  }
}
