package io.emotioncluster.node.app;

import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.image.ImageLimits;
import io.emotioncluster.node.security.AuthConfig;
import io.emotioncluster.node.training.TrainingOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Real nodes on loopback with a random port, bootstrapped on a small SynthFACS set. */
public final class TestNodes {

  /** Small enough to bootstrap in seconds; the accuracy test trains a larger set separately. */
  public static final BootstrapPlan SMALL_BOOTSTRAP = new BootstrapPlan(
      SynthFacsConfig.defaults().withSubjects(12).withImagesPerEmotion(2),
      TrainingOptions.defaults().withEpochs(2), false); // no bundled generator: tests train the ones they use

  public static final ImageLimits TEST_LIMITS = new ImageLimits(2 * 1024 * 1024, 1024, 1024L * 1024);

  private TestNodes() {}

  public static NodeConfig config(Path dataDir) {
    return NodeConfig.defaults(dataDir)
        .withHost("127.0.0.1")
        .withPort(0)
        .withBootstrap(true, SMALL_BOOTSTRAP)
        .withImageLimits(TEST_LIMITS, 4 * 1024 * 1024)
        .withFaceApiImport(false) // tests see only the versions they create; FaceApiNodeGrpcTest turns it on
        .withOperations(OperationsConfig.defaults().withAuth(AuthConfig.none())); // SecurityGrpcTest turns it on
  }

  /** Starts a node and waits until its production model is warm. */
  public static EmotionNode startReady(NodeConfig config) throws Exception {
    EmotionNode node = EmotionNode.start(config);
    node.ready().get(5, TimeUnit.MINUTES);
    return node;
  }
}
