package io.emotioncluster.node.augmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotioncluster.api.v1.GeneratorAugmentation;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.experiment.ProceduralFaceGenerator;
import io.emotioncluster.node.model.Emotion;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratedDataTest {

  static final ProceduralFaceGenerator GENERATOR = new ProceduralFaceGenerator("g1",
      SynthFacsConfig.defaults().withImageSize(32));

  static Map<Emotion, Integer> real(int... counts) {
    Map<Emotion, Integer> m = new EnumMap<>(Emotion.class);
    for (int i = 0; i < counts.length; i++) {
      m.put(Emotion.ofIndex(i), counts[i]);
    }
    return m;
  }

  static AugmentationPlan plan(GeneratorAugmentation.Builder b) {
    return AugmentationPlan.of(b.build(), "augmentation");
  }

  @Test
  void exactCountsPerClassDeterministicFromTheSeed() {
    AugmentationPlan fixed = plan(GeneratorAugmentation.newBuilder().setImagesPerClass(3));
    GeneratedData.Result r = GeneratedData.generate(GENERATOR, fixed, real(10, 1, 0, 5, 5, 5, 5), 7,
        GeneratedData.Filter.KEEP_ALL, () -> false);
    assertThat(r.images()).hasSize(21);
    assertThat(GeneratedData.countByClass(r.images()).values()).containsOnly(3);
    assertThat(r.shortfall()).isZero();
    assertThat(r.images()).allMatch(i -> i.id().startsWith("generated/g1/") && i.image().width() == 32);
    GeneratedData.Result again = GeneratedData.generate(GENERATOR, fixed, real(10, 1, 0, 5, 5, 5, 5), 7,
        GeneratedData.Filter.KEEP_ALL, () -> false);
    assertThat(again.images()).extracting(LabeledImage::id).isEqualTo(r.images().stream().map(LabeledImage::id).toList());
    assertThat(Arrays.equals(again.images().get(4).image().pixels(), r.images().get(4).image().pixels())).isTrue();
    GeneratedData.Result other = GeneratedData.generate(GENERATOR, fixed, real(10, 1, 0, 5, 5, 5, 5), 8,
        GeneratedData.Filter.KEEP_ALL, () -> false);
    assertThat(Arrays.equals(other.images().get(4).image().pixels(), r.images().get(4).image().pixels())).isFalse();

    // ratio: round(0.5 x the real count of each class)
    GeneratedData.Result ratio = GeneratedData.generate(GENERATOR,
        plan(GeneratorAugmentation.newBuilder().setRatioToReal(0.5f)), real(10, 1, 0, 4, 6, 2, 8), 1,
        GeneratedData.Filter.KEEP_ALL, () -> false);
    Map<Emotion, Integer> got = GeneratedData.countByClass(ratio.images());
    assertThat(got).containsEntry(Emotion.ANGER, 5).containsEntry(Emotion.DISGUST, 1).doesNotContainKey(Emotion.FEAR)
        .containsEntry(Emotion.HAPPINESS, 2).containsEntry(Emotion.SADNESS, 3).containsEntry(Emotion.SURPRISE, 1)
        .containsEntry(Emotion.NEUTRAL, 4);
  }

  @Test
  void filteredImagesAreReplacedUpToTheBoundThenTheShortfallIsReported() {
    AugmentationPlan filtered = plan(GeneratorAugmentation.newBuilder().setImagesPerClass(4).setMinConfidence(0.5f));
    // rejects every other candidate: more candidates fill the count
    GeneratedData.Filter half = (e, c) -> {
      boolean[] k = new boolean[c.size()];
      for (int i = 0; i < k.length; i += 2) {
        k[i] = true;
      }
      return k;
    };
    GeneratedData.Result r = GeneratedData.generate(GENERATOR, filtered, real(1, 1, 1, 1, 1, 1, 1), 3, half, () -> false);
    assertThat(r.images()).hasSize(28);
    assertThat(r.shortfall()).isZero();
    assertThat(r.rejected()).isPositive();
    // rejects sadness entirely: 4 candidates per wanted image are tried, then the gap is reported
    GeneratedData.Filter noSad = (e, c) -> {
      boolean[] k = new boolean[c.size()];
      Arrays.fill(k, e != Emotion.SADNESS);
      return k;
    };
    GeneratedData.Result s = GeneratedData.generate(GENERATOR, filtered, real(1, 1, 1, 1, 1, 1, 1), 3, noSad, () -> false);
    assertThat(s.images()).hasSize(24);
    assertThat(s.shortfall()).isEqualTo(4);
    assertThat(s.tried().get(Emotion.SADNESS)).isEqualTo(16);
    assertThat(s.summary(filtered)).contains("SHORTFALL 4 images (sadness 0/4)").contains("rejected 16 of 40");
  }

  @Test
  void planLimitsAreInvalidArgumentsNamingTheLimit() {
    assertThatThrownBy(() -> plan(GeneratorAugmentation.newBuilder().setImagesPerClass(5).setRatioToReal(1)))
        .isInstanceOf(ServiceException.class).hasMessageContaining("not both")
        .extracting(e -> ((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.INVALID_INPUT);
    assertThatThrownBy(() -> plan(GeneratorAugmentation.newBuilder().setImagesPerClass(5001)))
        .hasMessageContaining("at most 5000");
    assertThatThrownBy(() -> plan(GeneratorAugmentation.newBuilder().setRatioToReal(25)))
        .hasMessageContaining("ratio_to_real must be in (0, 20]");
    assertThatThrownBy(() -> plan(GeneratorAugmentation.newBuilder().setMinConfidence(1)))
        .hasMessageContaining("min_confidence");
    assertThatThrownBy(() -> plan(GeneratorAugmentation.newBuilder().setTruncation(1.5f)))
        .hasMessageContaining("truncation");
    AugmentationPlan defaults = plan(GeneratorAugmentation.newBuilder());
    assertThat(defaults.ratioToReal()).isEqualTo(1.0);
    assertThat(defaults.truncation()).isEqualTo(0.7f);
    assertThat(plan(GeneratorAugmentation.newBuilder().setRatioToReal(2)).target(0)).isZero();
    assertThat(plan(GeneratorAugmentation.newBuilder().setRatioToReal(20)).target(1000)).isEqualTo(5000);
  }

  @Test
  void generatedFacesAreFreshSubjects() {
    List<io.emotioncluster.node.image.PixelImage> a = GENERATOR.generate(Emotion.HAPPINESS, new long[] {1, 2}, 0.7f);
    assertThat(Arrays.equals(a.get(0).pixels(), a.get(1).pixels())).isFalse();
    assertThat(Arrays.equals(a.get(0).pixels(),
        GENERATOR.generate(Emotion.HAPPINESS, new long[] {1}, 0.7f).get(0).pixels())).isTrue();
  }
}
