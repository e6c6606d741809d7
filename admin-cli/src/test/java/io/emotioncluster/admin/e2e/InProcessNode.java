package io.emotioncluster.admin.e2e;

import io.emotioncluster.node.app.BootstrapPlan;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.NodeConfig;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.image.ImageLimits;
import io.emotioncluster.node.training.TrainingOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real node on loopback with a random port, bootstrapped on a small SynthFACS set (12 subjects
 * x 2 images, 2 epochs: seconds on two cores). Mirrors node's test helper, which is not visible here.
 */
final class InProcessNode implements AutoCloseable {

  static final BootstrapPlan SMALL_BOOTSTRAP = new BootstrapPlan(
      SynthFacsConfig.defaults().withSubjects(12).withImagesPerEmotion(2),
      TrainingOptions.defaults().withEpochs(2), false); // no bundled generator: tests train the ones they use

  private final EmotionNode node;

  private InProcessNode(EmotionNode node) {
    this.node = node;
  }

  static InProcessNode startReady(Path dataDir) throws Exception {
    return startReady(dataDir, io.emotioncluster.node.security.AuthConfig.none());
  }

  static InProcessNode startReady(Path dataDir, io.emotioncluster.node.security.AuthConfig auth) throws Exception {
    NodeConfig config = NodeConfig.defaults(dataDir)
        .withHost("127.0.0.1")
        .withPort(0)
        .withBootstrap(true, SMALL_BOOTSTRAP)
        .withImageLimits(new ImageLimits(2 * 1024 * 1024, 1024, 1024L * 1024), 4 * 1024 * 1024)
        .withOperations(io.emotioncluster.node.app.OperationsConfig.defaults()
            .withAuth(auth));
    EmotionNode node = EmotionNode.start(config);
    node.ready().get(5, TimeUnit.MINUTES);
    return new InProcessNode(node);
  }

  String target() {
    return "127.0.0.1:" + node.port();
  }

  @Override
  public void close() {
    node.close();
  }
}
