package io.emotioncluster.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.ClassifierNetwork;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.model.Transfer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedule, freezing, early stopping and backbones, on a tiny network. */
class TrainerBehaviourTest {

  static final EngineConfig CPU = new EngineConfig("MXNet", "cpu");
  static final Architecture TINY = new Architecture("custom", InputSpec.of(24, 24, 1),
      List.of(4, 8), List.of(1, 1), List.of(16), 0.2f);

  static TensorSet data(int subjects, long seed) {
    List<LabeledImage> images = new SynthFacs(SynthFacsConfig.defaults().withSubjects(subjects).withImagesPerEmotion(1)
        .withImageSize(24).withSeed(seed)).generate().stream()
        .map(f -> new LabeledImage(f.id(), null, f.emotion(), f.image())).toList();
    return TensorSet.of(images, TINY.input());
  }

  static float[] values(Classifier c, boolean features) {
    var block = features ? ClassifierNetwork.features(c.network()) : ClassifierNetwork.head(c.network());
    List<Float> all = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (p.getValue().getType() == Parameter.Type.WEIGHT) {
        for (float f : p.getValue().getArray().toFloatArray()) {
          all.add(f);
        }
      }
    }
    float[] out = new float[all.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(i);
    }
    return out;
  }

  @Test
  void scheduleWarmsUpThenDecaysAndScalesFeatures() {
    LearningRateSchedule s = new LearningRateSchedule(1f, 10, 110, true, Set.of("feat"), 0.1f);
    assertThat(s.at(0)).isCloseTo(0.1f, within(1e-6f));
    assertThat(s.at(5)).isCloseTo(0.55f, within(1e-6f));
    assertThat(s.at(10)).isCloseTo(1f, within(1e-6f));
    assertThat(s.at(60)).isCloseTo(0.51f, within(1e-3f));
    assertThat(s.at(110)).isCloseTo(0.02f, within(1e-6f));
    s.setStep(10);
    assertThat(s.getNewValue("feat", 1)).isCloseTo(0.1f, within(1e-6f));
    assertThat(s.getNewValue("head", 1)).isCloseTo(1f, within(1e-6f));
    assertThat(new LearningRateSchedule(1f, 0, 100, false, Set.of(), 1f).at(99)).isEqualTo(1f);
  }

  @Test
  void frozenEpochsLeaveFeatureWeightsUntouchedAndTrainTheHead() {
    try (Classifier c = Classifier.create(TINY, CPU)) {
      float[] featuresBefore = values(c, true);
      float[] headBefore = values(c, false);
      new ClassifierTrainer(TrainingOptions.defaults().withEpochs(1).withTransfer(1, 0.1f))
          .train(c, data(4, 1), null, TrainingListener.NONE);
      assertThat(values(c, true)).containsExactly(featuresBefore);
      assertThat(values(c, false)).isNotEqualTo(headBefore);
      // and after unfreezing, features learn too
      new ClassifierTrainer(TrainingOptions.defaults().withEpochs(1)).train(c, data(4, 1), null, TrainingListener.NONE);
      assertThat(values(c, true)).isNotEqualTo(featuresBefore);
    }
  }

  @Test
  void earlyStoppingEndsTheRunWhenValidationStopsImproving() {
    List<TrainingListener.EpochReport> reports = new ArrayList<>();
    try (Classifier c = Classifier.create(TINY, CPU)) {
      // a validation set of other subjects that a tiny net cannot keep improving on for 40 epochs
      new ClassifierTrainer(TrainingOptions.defaults().withEpochs(40).withEarlyStopping(2).withBatch(8, 0.01f))
          .train(c, data(3, 1), data(2, 9), reports::add);
    }
    assertThat(reports.size()).isLessThan(40);
    assertThat(reports.get(reports.size() - 1).stoppedEarly()).isTrue();
  }

  @Test
  void backboneFilesCarryFeatureBlocksBetweenNetworks(@TempDir Path dir) throws Exception {
    try (Classifier a = Classifier.create(TINY, CPU); Classifier b = Classifier.create(TINY, CPU)) {
      assertThat(values(b, true)).isNotEqualTo(values(a, true));
      Transfer.saveBackbone(a, dir.resolve("bb.params"));
      Transfer.loadBackbone(b, dir.resolve("bb.params"));
      assertThat(values(b, true)).containsExactly(values(a, true));
      assertThat(values(b, false)).isNotEqualTo(values(a, false)); // heads stay their own
    }
    Architecture wider = new Architecture("custom", InputSpec.of(24, 24, 1), List.of(8, 8), List.of(1, 1), List.of(16), 0.2f);
    try (Classifier w = Classifier.create(wider, CPU)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Transfer.loadBackbone(w, dir.resolve("bb.params")))
          .hasMessageContaining("does not fit");
    }
  }
}
