package io.emotioncluster.node.model.faceapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotioncluster.node.image.ImageDecoder;
import io.emotioncluster.node.image.ImageLimits;
import io.emotioncluster.node.image.Preprocessor;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved and reloaded imported model used at once by several threads, as the serving workers do
 * when they warm up together, gives the importer's scores. Before Classifier.load primed the model
 * on the loading thread, two loads out of three came out permanently wrong.
 */
class FaceApiConcurrentLoadTest {

  @Test
  void reloadedModelIsRightWhenWorkersStartTogether(@TempDir Path dir) throws Exception {
    float[] smile;
    float[] expected;
    try (Classifier c = FaceApiImporter.load(EngineConfig.defaults())) {
      c.save(dir);
      try (InputStream in = getClass().getResourceAsStream("/faceapi/smile.png")) {
        smile = new Preprocessor(c.input())
            .apply(new ImageDecoder(new ImageLimits(8 << 20, 4096, 16L << 20)).decode(in.readAllBytes()));
      }
      try (Classifier.Forward f = c.newForward()) {
        expected = f.probabilities(smile, 1)[0];
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 3; round++) {
        try (Classifier c = Classifier.load(Architecture.faceApiExpression(), EngineConfig.defaults(), dir)) {
          List<Future<float[]>> results = new ArrayList<>();
          for (int t = 0; t < 4; t++) {
            results.add(pool.submit(() -> {
              try (Classifier.Forward f = c.newForward()) {
                float[] buf = new float[8 * smile.length];
                f.probabilities(buf, 1); // warm-up passes, as BatchingPredictor does
                f.probabilities(buf, 8);
                return f.probabilities(smile, 1)[0];
              }
            }));
          }
          for (Future<float[]> r : results) {
            float[] p = r.get();
            for (int i = 0; i < p.length; i++) {
              assertThat(p[i]).as("round " + round + " class " + i).isCloseTo(expected[i], within(1e-5f));
            }
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
