package io.emotioncluster.node.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.training.EvaluationMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

  static final EngineConfig CPU = new EngineConfig("MXNet", "cpu");
  static final Architecture TINY = new Architecture("custom", InputSpec.of(16, 16, 1),
      List.of(4, 8), List.of(1, 1), List.of(16), 0.5f);

  @TempDir
  Path dir;

  static VersionRecord.Draft draft() {
    return new VersionRecord.Draft(ModelKind.CLASSIFIER, "test", "data-fp", "split-fp", "{}",
        EvaluationMetrics.of(new int[] {0, 1, 2}, new int[] {0, 1, 1}), null, "trained", null, null);
  }

  static float[] randomInput(int n) {
    float[] x = new float[n * TINY.input().size()];
    Random r = new Random(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    return x;
  }

  @Test
  void saveAndLoadRoundTripGivesIdenticalOutputs() throws Exception {
    ModelRegistry registry = new ModelRegistry(dir);
    float[] x = randomInput(3);
    float[][] before;
    VersionRecord v;
    try (Classifier c = Classifier.create(TINY, CPU); Classifier.Forward f = c.newForward()) {
      before = f.probabilities(x, 3);
      v = registry.register(c, draft());
    }
    assertThat(v.id()).isEqualTo("v1");
    assertThat(v.sha256()).hasSize(64);
    assertThat(v.parameterCount()).isGreaterThan(0);

    ModelRegistry reopened = new ModelRegistry(dir);
    assertThat(reopened.get("v1").orElseThrow()).usingRecursiveComparison().isEqualTo(v);
    try (Classifier c = reopened.loadClassifier("v1", CPU); Classifier.Forward f = c.newForward()) {
      float[][] after = f.probabilities(x, 3);
      for (int i = 0; i < 3; i++) {
        assertThat(after[i]).containsExactly(before[i]);
      }
    }
  }

  @Test
  void corruptedParametersAreDetectedOnLoad() throws Exception {
    ModelRegistry registry = new ModelRegistry(dir);
    try (Classifier c = Classifier.create(TINY, CPU)) {
      registry.register(c, draft());
    }
    Path params = registry.parametersFile("v1");
    byte[] bytes = Files.readAllBytes(params);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(params, bytes);

    assertThatThrownBy(() -> registry.loadClassifier("v1", CPU))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("corrupt").hasMessageContaining(registry.get("v1").orElseThrow().sha256());
    Files.delete(params);
    assertThatThrownBy(() -> registry.loadClassifier("v1", CPU))
        .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("missing");
  }

  @Test
  void productionHistorySurvivesRestartAndRollsBack() throws Exception {
    ModelRegistry registry = new ModelRegistry(dir);
    try (Classifier c = Classifier.create(TINY, CPU)) {
      registry.register(c, draft());
      registry.register(c, draft());
    }
    registry.promote("v1");
    registry.promote("v2");
    assertThat(registry.stage("v2")).isEqualTo(Stage.PRODUCTION);
    assertThat(registry.stage("v1")).isEqualTo(Stage.ARCHIVED);

    ModelRegistry reopened = new ModelRegistry(dir);
    assertThat(reopened.production(ModelKind.CLASSIFIER)).contains("v2");
    assertThat(reopened.list(ModelKind.CLASSIFIER, null)).extracting(VersionRecord::id).containsExactly("v2", "v1");
    assertThat(reopened.rollback(ModelKind.CLASSIFIER).production()).isEqualTo("v1");
    assertThat(new ModelRegistry(dir).production(ModelKind.CLASSIFIER)).contains("v1");
    assertThatThrownBy(() -> reopened.rollback(ModelKind.CLASSIFIER))
        .isInstanceOf(ServiceException.class).hasMessageContaining("no earlier");
  }

  @Test
  void interruptedRegistrationLeavesNoVersion() throws Exception {
    ModelRegistry registry = new ModelRegistry(dir);
    try (Classifier c = Classifier.create(TINY, CPU)) {
      registry.register(c, draft());
    }
    // what a crash between writing parameters and the atomic rename leaves behind
    Path leftover = dir.resolve("versions").resolve(".tmp-crashed");
    Files.createDirectories(leftover);
    Files.writeString(leftover.resolve("model-0000.params"), "half written");

    ModelRegistry reopened = new ModelRegistry(dir);
    assertThat(reopened.list(null, null)).extracting(VersionRecord::id).containsExactly("v1");
    assertThat(leftover).doesNotExist();
  }

  @Test
  void unreadableMetadataSkipsThatVersionOnly() throws Exception {
    ModelRegistry registry = new ModelRegistry(dir);
    try (Classifier c = Classifier.create(TINY, CPU)) {
      registry.register(c, draft());
      registry.register(c, draft());
    }
    Files.writeString(dir.resolve("versions/v1/version.json"), "");
    assertThat(new ModelRegistry(dir).list(null, null)).extracting(VersionRecord::id).containsExactly("v2");
  }

  @Test
  void idsAreNeverReusedAfterDeletingTheNewest() throws Exception {
    ModelRegistry registry = new ModelRegistry(dir);
    try (Classifier c = Classifier.create(TINY, CPU)) {
      registry.register(c, draft());
      registry.register(c, draft());
      registry.delete("v2", v -> null);
      assertThat(new ModelRegistry(dir).register(c, draft()).id()).isEqualTo("v3");
    }
  }

  @Test
  void unknownVersionIsNotFound() throws Exception {
    ModelRegistry registry = new ModelRegistry(dir);
    assertThatThrownBy(() -> registry.require("v9"))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("'v9' does not exist")
        .extracting(e -> ((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.NOT_FOUND);
  }
}
