package io.emotioncluster.node.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotioncluster.api.v1.GeneratorConfig;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingProgress;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.jobs.JobRun;
import io.emotioncluster.node.model.Emotion;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GeneratorConfig.base_version: a generator job starts from a registered generator's weights
 * (a fine-tune with a vanishing learning rate reproduces the base's faces, a run from scratch
 * does not), takes its sizes, and refuses bases it cannot start from with a clear status.
 */
class GeneratorFineTuneTest {

  private static final GeneratorConfig TINY = GeneratorConfig.newBuilder().setResolution(8).setBaseWidth(16)
      .setLatentSize(8).setBatchSize(4).setSteps(3).setGuidanceWeight(0).setSampleEverySteps(1000)
      .setQualityImagesPerEmotion(2).setSeed(4).build();

  @Test
  void startsFromTheBaseWeightsAndRefusesWhatItCannotStartFrom(@TempDir Path dir) throws Exception {
    ModelRegistry registry = new ModelRegistry(dir.resolve("registry"));
    GeneratorService service = new GeneratorService(registry, new EngineConfig("MXNet", "cpu"));
    List<LabeledImage> images = new SynthFacs(SynthFacsConfig.defaults().withSubjects(2).withImagesPerEmotion(1)
        .withImageSize(16)).generate().stream()
        .map(f -> new LabeledImage(f.id(), "s" + f.subjectId(), f.emotion(), f.image())).toList();
    String base = service.trainAndRegister(run(dir, "base"), images, List.of(), TINY, Map.of());

    // unset sizes come from the base; a tiny learning rate keeps its weights
    GeneratorConfig fineTune = GeneratorConfig.newBuilder().setBaseVersion(base).setSteps(2).setBatchSize(4)
        .setLearningRate(1e-7f).setGuidanceWeight(0).setSampleEverySteps(1000).setQualityImagesPerEmotion(2)
        .setSeed(9).build();
    service.validate(fineTune);
    String tuned = service.trainAndRegister(run(dir, "tune"), images, List.of(), fineTune, Map.of());
    String scratch = service.trainAndRegister(run(dir, "scratch"), images, List.of(),
        fineTune.toBuilder().clearBaseVersion().setResolution(8).setBaseWidth(16).setLatentSize(8).build(), Map.of());
    assertThat(GeneratorSpec.fromJson(registry.require(tuned).generatorSpecJson()).sameNetworkAs(
        GeneratorSpec.fromJson(registry.require(base).generatorSpecJson()))).isTrue();
    long[] seeds = {1, 2, 3};
    try (FaceGenerator b = service.open(base); FaceGenerator t = service.open(tuned);
        FaceGenerator s = service.open(scratch)) {
      List<PixelImage> fromBase = b.generate(Emotion.SURPRISE, seeds, 1f);
      assertThat(maxPixelDifference(t.generate(Emotion.SURPRISE, seeds, 1f), fromBase))
          .as("fine-tuned with lr 1e-7 from the base").isLessThanOrEqualTo(2);
      assertThat(maxPixelDifference(s.generate(Emotion.SURPRISE, seeds, 1f), fromBase))
          .as("the same job from scratch").isGreaterThan(20);
    }

    // what it cannot start from
    assertThatThrownBy(() -> service.validate(fineTune.toBuilder().setBaseVersion("v999").build()))
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND);
          assertThat(e.getMessage()).contains("generator.base_version 'v999' does not exist");
        });
    assertThatThrownBy(() -> service.validate(fineTune.toBuilder().setResolution(16).build()))
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID_INPUT);
          assertThat(e.getMessage()).contains("generator.resolution 16 differs from its 8");
        });
    assertThatThrownBy(() -> service.validate(fineTune.toBuilder().setArchitecture("stylegan2").build()))
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID_INPUT);
          assertThat(e.getMessage()).contains("is a dcgan 8x8x1");
        });
    assertThatThrownBy(() -> service.trainAndRegister(run(dir, "bad"), images, List.of(),
        fineTune.toBuilder().setLatentSize(16).build(), Map.of()))
        .isInstanceOfSatisfying(ServiceException.class,
            e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID_INPUT));
    assertThat(registry.list(ModelKind.GENERATOR, null)).hasSize(3);
  }

  private static int maxPixelDifference(List<PixelImage> a, List<PixelImage> b) {
    int max = 0;
    for (int i = 0; i < a.size(); i++) {
      byte[] x = a.get(i).pixels();
      byte[] y = b.get(i).pixels();
      for (int k = 0; k < x.length; k++) {
        max = Math.max(max, Math.abs((x[k] & 0xff) - (y[k] & 0xff)));
      }
    }
    return max;
  }

  static JobRun run(Path dir, String id) {
    return new JobRun() {
      @Override
      public String jobId() {
        return id;
      }

      @Override
      public TrainRequest request() {
        return TrainRequest.getDefaultInstance();
      }

      @Override
      public Path directory() {
        return dir.resolve("jobs").resolve(id);
      }

      @Override
      public void phase(String phase, String message) {}

      @Override
      public void progress(TrainingProgress progress) {}

      @Override
      public boolean cancelRequested() {
        return false;
      }

      @Override
      public boolean shuttingDown() {
        return false;
      }
    };
  }
}
