package io.emotioncluster.node.model.faceapi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotioncluster.node.image.ImageDecoder;
import io.emotioncluster.node.image.ImageLimits;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.image.Preprocessor;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.ClassifierNetwork;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.model.EngineConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The imported network against outputs of the original TF.js implementation, computed by
 * tools/faceapi/reference.cjs and committed as src/test/resources/faceapi/reference.json.
 */
class FaceApiImporterTest {

  /** Probabilities and logits where both sides see the very same input floats. */
  static final double EXACT = 1e-4;
  /**
   * Photos that Java pads and resizes itself (the same bilinear formula in double instead of TF.js
   * float32 arithmetic): measured differences are ~1e-7 too, so the same bound holds.
   */
  static final double PREPROCESSED = 1e-4;

  static Classifier classifier;
  static JsonNode reference;

  @BeforeAll
  static void load() throws IOException {
    classifier = FaceApiImporter.load(EngineConfig.defaults());
    try (InputStream in = FaceApiImporterTest.class.getResourceAsStream("/faceapi/reference.json")) {
      reference = new ObjectMapper().readTree(in);
    }
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  @Test
  void parameterCountIsTheManifests() throws IOException {
    assertThat(FaceApiImporter.manifestParameterCount()).isEqualTo(323_687L);
    assertThat(classifier.parameterCount()).isEqualTo(323_687L);
    assertThat(classifier.architecture().name()).isEqualTo(Architecture.FACEAPI_EXPRESSION);
  }

  @Test
  void classOrderMapsFaceApiLabelsToOurs() {
    // face-api: neutral, happy, sad, angry, fearful, disgusted, surprised
    assertThat(FaceApiImporter.toOurOrder(new float[] {0, 1, 2, 3, 4, 5, 6}))
        .containsExactly(3, 5, 4, 1, 2, 6, 0); // anger, disgust, fear, happiness, sadness, surprise, neutral
  }

  @Test
  void syntheticTensorMatchesTfjs() {
    float[] input = new float[3 * 112 * 112];
    float[] mean = {122.782f, 117.001f, 104.298f};
    for (int y = 0; y < 112; y++) {
      for (int x = 0; x < 112; x++) {
        for (int c = 0; c < 3; c++) {
          int v = (y * 31 + x * 17 + c * 97 + ((x * y) % 13) * 7) % 256;
          input[c * 112 * 112 + y * 112 + x] = (v - mean[c]) / 255f;
        }
      }
    }
    compare("synthetic", input, EXACT);
  }

  @Test
  void photoAlreadyAt112MatchesTfjs() throws IOException {
    compare("smile-112.png", preprocess("smile-112.png"), EXACT);
  }

  @Test
  void photosPreprocessedInJavaMatchTfjs() throws IOException {
    for (String name : new String[] {"smile.png", "sad.png", "neutral.png"}) {
      compare(name, preprocess(name), PREPROCESSED);
    }
  }

  @Test
  void smilingFaceIsHappiness() throws IOException {
    float[] p = probabilities(preprocess("smile.png"));
    System.out.println("smile.png (ours: anger..neutral): " + Arrays.toString(p));
    assertThat(argmax(p)).isEqualTo(Emotion.HAPPINESS.index());
    assertThat(p[Emotion.HAPPINESS.index()]).isGreaterThan(0.9f);
    assertThat(argmax(probabilities(preprocess("sad.png")))).isEqualTo(Emotion.SADNESS.index());
    assertThat(argmax(probabilities(preprocess("neutral.png")))).isEqualTo(Emotion.NEUTRAL.index());
  }

  @Test
  void trunkTransfersToAFreshNetworkAndThroughABackboneFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws IOException {
    float[] input = preprocess("smile.png");
    float[] expected = features(classifier, input);
    try (Classifier fresh = Classifier.create(Architecture.faceApiExpression(), EngineConfig.defaults())) {
      io.emotioncluster.node.model.Transfer.copyFeatures(classifier, fresh);
      assertThat(maxAbs(features(fresh, input), expected)).isLessThan(1e-6);
    }
    java.nio.file.Path file = dir.resolve("faceapi.backbone");
    io.emotioncluster.node.model.Transfer.saveBackbone(classifier, file);
    try (Classifier fresh = Classifier.create(Architecture.faceApiExpression(), EngineConfig.defaults())) {
      io.emotioncluster.node.model.Transfer.loadBackbone(fresh, file);
      assertThat(maxAbs(features(fresh, input), expected)).isLessThan(1e-6);
    }
  }

  static float[] features(Classifier c, float[] data) {
    try (NDManager m = c.djlModel().getNDManager().newSubManager()) {
      NDArray x = m.create(data, new Shape(1, 3, 112, 112));
      return ClassifierNetwork.features(c.network()).forward(new ParameterStore(m, false), new NDList(x), false)
          .singletonOrThrow().toFloatArray();
    }
  }

  static float[] preprocess(String name) throws IOException {
    byte[] png;
    try (InputStream in = FaceApiImporterTest.class.getResourceAsStream("/faceapi/" + name)) {
      png = in.readAllBytes();
    }
    PixelImage img = new ImageDecoder(new ImageLimits(8 << 20, 4096, 16L << 20)).decode(png);
    return new Preprocessor(classifier.input()).apply(img);
  }

  static float[] probabilities(float[] input) {
    try (Classifier.Forward f = classifier.newForward()) {
      return f.probabilities(input, 1)[0];
    }
  }

  /** Features, logits and probabilities against the reference, all in our class order. */
  static void compare(String input, float[] data, double tolerance) {
    JsonNode ref = null;
    for (JsonNode r : reference.get("results")) {
      if (r.get("input").asText().equals(input)) {
        ref = r;
      }
    }
    assertThat(ref).as("reference for " + input).isNotNull();
    float[] refProbs = FaceApiImporter.toOurOrder(floats(ref.get("probabilities")));
    float[] refLogits = FaceApiImporter.toOurOrder(floats(ref.get("logits")));
    float[] refFeatures = floats(ref.get("features"));
    float[] probs = probabilities(data);
    float[] logits;
    float[] features;
    try (NDManager m = classifier.djlModel().getNDManager().newSubManager()) {
      NDArray x = m.create(data, new Shape(1, 3, 112, 112));
      ParameterStore ps = new ParameterStore(m, false);
      NDArray feat = ClassifierNetwork.features(classifier.network()).forward(ps, new NDList(x), false)
          .singletonOrThrow();
      features = feat.toFloatArray();
      logits = ClassifierNetwork.head(classifier.network()).forward(ps, new NDList(feat), false)
          .singletonOrThrow().toFloatArray();
    }
    double dp = maxAbs(probs, refProbs);
    double dl = maxAbs(logits, refLogits);
    double df = maxAbs(features, refFeatures);
    System.out.printf("%s: max |diff| probabilities %.3g, logits %.3g, features %.3g (max |logit| %.3g)%n",
        input, dp, dl, df, maxAbs(refLogits, new float[7]));
    assertThat(features).hasSize(256);
    assertThat(dp).as(input + " probabilities").isLessThan(tolerance);
    assertThat(df).as(input + " features").isLessThan(tolerance * 10);
    assertThat(dl).as(input + " logits").isLessThan(tolerance * 10);
  }

  static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  static double maxAbs(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static int argmax(float[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }
}
