package io.emotioncluster.node.model.faceapi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.model.EngineConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Imports face-api's FaceExpressionNet (npm {@code @vladmandic/face-api} 1.7.15, MIT) from the TF.js
 * weights manifest and .bin kept under {@code src/main/resources/faceapi/}: dequantises the weights
 * (value = min + scale * q), converts TF layouts to DJL's (conv filters HWIO to OIHW, depthwise
 * HWC1 to C1HW, dense [in, out] to [out, in]) and reorders the 7 outputs from face-api's class
 * order to {@link Emotion}'s.
 */
public final class FaceApiImporter {

  public static final String RESOURCE_DIR = "/faceapi/";
  public static final String MANIFEST = "face_expression_model-weights_manifest.json";
  public static final String DISPLAY_NAME = "face-api expression (imported, MIT)";
  public static final String SOURCE = "imported";
  public static final String LICENSE = "MIT (vladmandic/face-api 1.7.15)";

  /** face-api's output order (FACE_EXPRESSION_LABELS in src/faceExpressionNet/FaceExpressions.ts). */
  public static final List<Emotion> FACEAPI_CLASSES = List.of(Emotion.NEUTRAL, Emotion.HAPPINESS,
      Emotion.SADNESS, Emotion.ANGER, Emotion.FEAR, Emotion.DISGUST, Emotion.SURPRISE);

  private FaceApiImporter() {}

  /** One weight of the manifest, dequantised, still in TF layout. */
  public record Weight(String name, int[] shape, float[] values) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Group(List<String> paths, List<Entry> weights) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Entry(String name, int[] shape, String dtype, Quantization quantization) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Quantization(String dtype, double scale, double min) {}

  /** face-api index of each of our classes: ours[i] comes from faceapi[ourToFaceApi()[i]]. */
  public static int[] ourToFaceApi() {
    int[] map = new int[Emotion.COUNT];
    for (Emotion e : Emotion.all()) {
      map[e.index()] = FACEAPI_CLASSES.indexOf(e);
    }
    return map;
  }

  /** Reorders 7 scores in face-api's order into ours. */
  public static float[] toOurOrder(float[] faceApiScores) {
    int[] map = ourToFaceApi();
    float[] out = new float[Emotion.COUNT];
    for (int i = 0; i < out.length; i++) {
      out[i] = faceApiScores[map[i]];
    }
    return out;
  }

  /** Builds the network and loads the imported weights. */
  public static Classifier load(EngineConfig engine) throws IOException {
    Classifier classifier = Classifier.create(Architecture.faceApiExpression(), engine);
    try {
      loadInto(classifier, readWeights());
      return classifier;
    } catch (IOException | RuntimeException e) {
      classifier.close();
      throw e;
    }
  }

  /** The manifest's weights, dequantised, in manifest order. */
  public static List<Weight> readWeights() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Group> groups;
    try (InputStream in = resource(MANIFEST)) {
      groups = json.readValue(in, new TypeReference<List<Group>>() {});
    }
    List<Weight> weights = new ArrayList<>();
    for (Group g : groups) {
      ByteBuffer data = ByteBuffer.allocate(0);
      for (String path : g.paths()) {
        try (InputStream in = resource(path)) {
          byte[] bytes = in.readAllBytes();
          data = ByteBuffer.allocate(data.capacity() + bytes.length).put(data.array()).put(bytes);
        }
      }
      data.flip();
      data.order(ByteOrder.LITTLE_ENDIAN);
      for (Entry e : g.weights()) {
        int n = Arrays.stream(e.shape()).reduce(1, (a, b) -> a * b);
        float[] v = new float[n];
        Quantization q = e.quantization();
        if (q == null) {
          if (!"float32".equals(e.dtype())) {
            throw new IOException("weight " + e.name() + ": unsupported dtype " + e.dtype());
          }
          for (int i = 0; i < n; i++) {
            v[i] = data.getFloat();
          }
        } else if ("uint8".equals(q.dtype())) {
          for (int i = 0; i < n; i++) {
            v[i] = (float) ((data.get() & 0xFF) * q.scale() + q.min());
          }
        } else if ("uint16".equals(q.dtype())) {
          for (int i = 0; i < n; i++) {
            v[i] = (float) ((data.getShort() & 0xFFFF) * q.scale() + q.min());
          }
        } else {
          throw new IOException("weight " + e.name() + ": unsupported quantization " + q.dtype());
        }
        weights.add(new Weight(e.name(), e.shape(), v));
      }
      if (data.hasRemaining()) {
        throw new IOException("weights file has " + data.remaining() + " bytes the manifest does not describe");
      }
    }
    return weights;
  }

  /** Number of values in the manifest: the imported network's parameter count. */
  public static long manifestParameterCount() throws IOException {
    return readWeights().stream().mapToLong(w -> w.values().length).sum();
  }

  /**
   * Writes the weights into the classifier's parameters. The network's parameters come in the
   * manifest's order (dense0..3 conv0..3, then fc); names and shapes are checked one by one.
   */
  public static void loadInto(Classifier classifier, List<Weight> weights) {
    List<Pair<String, Parameter>> params = classifier.network().getParameters().stream().toList();
    if (params.size() != weights.size()) {
      throw new IllegalArgumentException("the network has " + params.size() + " parameters, the manifest "
          + weights.size());
    }
    for (int i = 0; i < params.size(); i++) {
      Weight w = weights.get(i);
      NDArray dst = params.get(i).getValue().getArray();
      float[] converted = convert(w);
      Shape expected = djlShape(w);
      if (!dst.getShape().equals(expected)) {
        throw new IllegalArgumentException("manifest weight " + w.name() + " " + Arrays.toString(w.shape())
            + " maps to " + expected + " but network parameter " + params.get(i).getKey() + " is " + dst.getShape());
      }
      dst.set(converted);
    }
  }

  static Shape djlShape(Weight w) {
    int[] s = w.shape();
    String leaf = w.name().substring(w.name().lastIndexOf('/') + 1);
    return switch (leaf) {
      case "filters", "pointwise_filter" -> new Shape(s[3], s[2], s[0], s[1]);
      case "depthwise_filter" -> new Shape(s[2] * s[3], 1, s[0], s[1]);
      case "weights" -> new Shape(s[1], s[0]);
      case "bias" -> new Shape(s[0]);
      default -> throw new IllegalArgumentException("unexpected weight " + w.name());
    };
  }

  static float[] convert(Weight w) {
    int[] s = w.shape();
    float[] v = w.values();
    String leaf = w.name().substring(w.name().lastIndexOf('/') + 1);
    boolean fc = w.name().startsWith("fc/");
    switch (leaf) {
      case "filters", "pointwise_filter" -> { // HWIO -> OIHW
        int kh = s[0], kw = s[1], ci = s[2], co = s[3];
        float[] out = new float[v.length];
        for (int h = 0; h < kh; h++) {
          for (int x = 0; x < kw; x++) {
            for (int i = 0; i < ci; i++) {
              for (int o = 0; o < co; o++) {
                out[((o * ci + i) * kh + h) * kw + x] = v[((h * kw + x) * ci + i) * co + o];
              }
            }
          }
        }
        return out;
      }
      case "depthwise_filter" -> { // H W C M -> (C*M) 1 H W
        int kh = s[0], kw = s[1], c = s[2], m = s[3];
        float[] out = new float[v.length];
        for (int h = 0; h < kh; h++) {
          for (int x = 0; x < kw; x++) {
            for (int ch = 0; ch < c; ch++) {
              for (int k = 0; k < m; k++) {
                out[((ch * m + k) * kh + h) * kw + x] = v[((h * kw + x) * c + ch) * m + k];
              }
            }
          }
        }
        return out;
      }
      case "weights" -> { // [in, out] in face-api order -> [out, in] in our order
        int in = s[0], outs = s[1];
        int[] map = ourToFaceApi();
        float[] out = new float[v.length];
        for (int o = 0; o < outs; o++) {
          for (int i = 0; i < in; i++) {
            out[o * in + i] = v[i * outs + map[o]];
          }
        }
        return out;
      }
      case "bias" -> {
        return fc ? toOurOrder(v) : v.clone();
      }
      default -> throw new IllegalArgumentException("unexpected weight " + w.name());
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = FaceApiImporter.class.getResourceAsStream(RESOURCE_DIR + name);
    if (in == null) {
      throw new IOException("resource " + RESOURCE_DIR + name + " is missing from the classpath");
    }
    return in;
  }
}
