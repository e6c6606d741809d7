package io.emotioncluster.node.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.GenerateRequest;
import io.emotioncluster.api.v1.GeneratedImage;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.TestNodes;
import io.emotioncluster.node.image.ImageDecoder;
import io.emotioncluster.node.image.ImageLimits;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.VersionRecord;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator shipped with the node: its files match their SHA256SUMS, and a freshly started
 * node registers it as its production generator and serves Generate with it, without training one.
 */
class BundledGeneratorTest {

  @Test
  void shippedFilesMatchTheirSums() throws Exception {
    String sums = new String(resource(BundledGenerator.SUMS), StandardCharsets.UTF_8);
    assertThat(sums.lines()).hasSize(BundledGenerator.FILES.length);
    for (String line : sums.lines().toList()) {
      String[] parts = line.split("\\s+");
      byte[] data = resource(parts[1]);
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data))).as(parts[1])
          .isEqualTo(parts[0]);
    }
    Map<String, byte[]> files = BundledGenerator.read().orElseThrow();
    assertThat(files.get(TrainedGenerator.PARAMS_FILE).length).as("a small file").isLessThan(4 << 20);
    GeneratorSpec spec = GeneratorSpec.fromJson(new String(files.get(BundledGenerator.SPEC), StandardCharsets.UTF_8));
    assertThat(spec.architecture()).isEqualTo(GeneratorSpec.DCGAN);
    GeneratorQualityReport quality = GeneratorQualityReport.fromJson(
        new String(files.get(BundledGenerator.QUALITY), StandardCharsets.UTF_8));
    assertThat(quality.recognisability()).as("measured when it was made").isNotNull();
  }

  @Test
  void aFreshNodeServesGenerateWithTheShippedGenerator(@TempDir Path dir) throws Exception {
    var config = TestNodes.config(dir).withBootstrap(true, TestNodes.SMALL_BOOTSTRAP.withBundledGenerator(true));
    try (EmotionNode node = TestNodes.startReady(config)) {
      VersionRecord v = node.registry().require(node.registry().production(ModelKind.GENERATOR).orElseThrow());
      assertThat(v.tags()).containsEntry("bundled", "true");
      assertThat(BundledGenerator.sha256(java.nio.file.Files.readAllBytes(node.registry().verifiedParametersFile(v.id()))))
          .as("registered unchanged, discriminator included (for fine-tuning)")
          .isEqualTo(v.tags().get("params_sha256"));
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
      try {
        var gen = EmotionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES);
        List<GeneratedImage> images = new ArrayList<>();
        gen.generate(GenerateRequest.newBuilder().setCount(2).setSeed(5).build()).forEachRemaining(images::add);
        assertThat(images).hasSize(14);
        assertThat(images).allMatch(i -> i.getGeneratorVersion().equals(v.id()));
        PixelImage first = new ImageDecoder(ImageLimits.DEFAULT).decode(images.get(0).getPng().toByteArray());
        assertThat(first.width()).isEqualTo(32);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = BundledGenerator.class.getResourceAsStream(BundledGenerator.RESOURCE_DIR + name)) {
      assertThat(in).as(name + " is shipped").isNotNull();
      return in.readAllBytes();
    }
  }
}
