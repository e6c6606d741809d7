package io.emotioncluster.node.app;

import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.model.Transfer;
import io.emotioncluster.node.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code emotion-node export-backbone VERSION NAME}: writes a registered classifier's feature
 * blocks to {@code <data-dir>/backbones/NAME}, where Train requests can start from them
 * ({@code base.backbone_path = NAME}) on this or another node. Works offline on a stopped node's
 * data directory.
 */
@Command(name = "export-backbone", mixinStandardHelpOptions = true,
    description = "Write a version's feature blocks to <data-dir>/backbones/NAME for transfer learning.")
final class ExportBackbone implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "VERSION", description = "a classifier version, e.g. v3")
  String version;

  @Parameters(index = "1", paramLabel = "NAME", description = "file name under <data-dir>/backbones")
  String name;

  @Option(names = {"-d", "--data-dir"}, defaultValue = "${env:EMOTION_DATA_DIR:-data}",
      description = "data directory (env EMOTION_DATA_DIR, default ${DEFAULT-VALUE})")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    if (name.contains("/") || name.contains("..")) {
      System.err.println("error: NAME is a plain file name inside " + dataDir.resolve("backbones"));
      return 2;
    }
    ModelRegistry registry = new ModelRegistry(dataDir.resolve("registry"));
    try (Classifier c = registry.loadClassifier(version, new EngineConfig(EngineConfig.DEFAULT_ENGINE, "cpu"))) {
      Path out = dataDir.resolve("backbones").resolve(name);
      Transfer.saveBackbone(c, out);
      System.out.println("wrote the " + c.architecture().name() + " feature blocks of " + version + " to " + out
          + "; train from it with base.backbone_path=\"" + name + "\"");
    }
    return 0;
  }
}
