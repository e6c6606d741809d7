package io.emotioncluster.node.generator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.registry.RegistrableModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generator ready to sample and to register: the EMA weights and the spec with the per-class
 * average w. An image depends only on (emotion, seed, truncation): its latent and its noise maps
 * are drawn from a generator seeded with the image's own seed.
 */
public final class TrainedGenerator implements FaceGenerator, RegistrableModel {

  public static final String PARAMS_FILE = "model-0000.params";
  private static final int CHUNK = 32;

  /** Names of the discriminator's weights in the parameters file (kept for fine-tuning). */
  static final String DISCRIMINATOR_PREFIX = "disc.";

  private final NDManager manager;
  private final GeneratorModel network;
  private final ParameterSet discriminator;
  private final String versionId;

  TrainedGenerator(NDManager manager, GeneratorModel network, String versionId) {
    this(manager, network, null, versionId);
  }

  /** @param discriminator saved along (prefixed {@value #DISCRIMINATOR_PREFIX}) so a fine-tune can start from it; may be null */
  TrainedGenerator(NDManager manager, GeneratorModel network, ParameterSet discriminator, String versionId) {
    this.manager = manager;
    this.network = network;
    this.discriminator = discriminator;
    this.versionId = versionId == null ? "" : versionId;
  }

  /** Loads {@code params} (written by {@link #save}) into a network built from {@code spec}. */
  public static TrainedGenerator load(GeneratorSpec spec, Path params, String engine, ai.djl.Device device,
      String versionId) throws IOException {
    NDManager m = NDManager.newBaseManager(device, engine);
    try (InputStream in = Files.newInputStream(params)) {
      GeneratorModel net = GeneratorModel.create(spec, m, false, 0);
      ParameterSet disc = null;
      try (NDManager tmp = m.newSubManager()) {
        NDList all = NDList.decode(tmp, in);
        net.params().load(all);
        NDList d = new NDList();
        for (NDArray a : all) {
          if (a.getName() != null && a.getName().startsWith(DISCRIMINATOR_PREFIX)) {
            a.setName(a.getName().substring(DISCRIMINATOR_PREFIX.length()));
            d.add(a);
          }
        }
        if (!d.isEmpty()) { // kept so that a copy of this version (re-saved) can still be fine-tuned
          disc = new DiscriminatorNetwork(spec, m, false, 0).params();
          disc.load(d);
        }
      }
      return new TrainedGenerator(m, net, disc, versionId);
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e instanceof IOException io ? io : new IOException("cannot load generator parameters " + params
          + ": " + e.getMessage(), e);
    }
  }

  public GeneratorSpec spec() {
    return network.spec();
  }

  @Override
  public String versionId() {
    return versionId;
  }

  @Override
  public int resolution() {
    return network.spec().resolution();
  }

  @Override
  public int channels() {
    return network.spec().channels();
  }

  @Override
  public synchronized List<PixelImage> generate(Emotion emotion, long[] seeds, float truncation) {
    if (!(truncation > 0 && truncation <= 1)) {
      throw new IllegalArgumentException("truncation must be in (0, 1], got " + truncation);
    }
    List<PixelImage> out = new ArrayList<>(seeds.length);
    for (int from = 0; from < seeds.length; from += CHUNK) {
      int n = Math.min(CHUNK, seeds.length - from);
      try (NDManager s = manager.newSubManager()) {
        network.params().lendTo(s);
        SplittableRandom[] rngs = new SplittableRandom[n];
        int l = network.spec().latentSize();
        float[] z = new float[n * l];
        for (int i = 0; i < n; i++) {
          rngs[i] = new SplittableRandom(seeds[from + i]);
          for (int j = 0; j < l; j++) {
            z[i * l + j] = (float) ParameterSet.gaussian(rngs[i]);
          }
        }
        NDArray classes = oneHot(s, emotion, n);
        NDArray images = network.generate(s.create(z, new Shape(n, l)), classes, truncation,
            GeneratorNetwork.NoiseSource.perSample(rngs));
        out.addAll(toPixels(images));
      }
    }
    return out;
  }

  static NDArray oneHot(NDManager m, Emotion emotion, int n) {
    float[] v = new float[n * Emotion.COUNT];
    for (int i = 0; i < n; i++) {
      v[i * Emotion.COUNT + emotion.index()] = 1;
    }
    return m.create(v, new Shape(n, Emotion.COUNT));
  }

  /** NCHW floats in about [-1, 1] to 8-bit HWC images (clipped). */
  static List<PixelImage> toPixels(NDArray images) {
    Shape s = images.getShape();
    int n = (int) s.get(0);
    int c = (int) s.get(1);
    int h = (int) s.get(2);
    int w = (int) s.get(3);
    float[] v = images.toFloatArray();
    List<PixelImage> out = new ArrayList<>(n);
    int plane = h * w;
    for (int i = 0; i < n; i++) {
      byte[] px = new byte[plane * c];
      for (int ch = 0; ch < c; ch++) {
        for (int p = 0; p < plane; p++) {
          float f = (v[(i * c + ch) * plane + p] + 1f) * 127.5f;
          px[p * c + ch] = (byte) Math.max(0, Math.min(255, Math.round(f)));
        }
      }
      out.add(new PixelImage(w, h, c, px));
    }
    return out;
  }

  @Override
  public void save(Path dir) throws IOException {
    try (NDManager tmp = manager.newSubManager(); OutputStream out = Files.newOutputStream(dir.resolve(PARAMS_FILE))) {
      NDList list = network.params().toList();
      if (discriminator != null) {
        discriminator.all().forEach((name, a) -> {
          NDArray copy = a.duplicate();
          copy.setName(DISCRIMINATOR_PREFIX + name);
          list.add(copy);
        });
      }
      list.attach(tmp);
      list.encode(out);
    }
  }

  @Override
  public Architecture architecture() {
    return null;
  }

  @Override
  public long parameterCount() {
    return network.params().count();
  }

  @Override
  public String engineName() {
    return manager.getEngine().getEngineName();
  }

  GeneratorModel network() {
    return network;
  }

  @Override
  public synchronized void close() {
    manager.close();
  }
}
