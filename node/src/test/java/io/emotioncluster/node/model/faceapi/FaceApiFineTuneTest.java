package io.emotioncluster.node.model.faceapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.ClassifierNetwork;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.model.Transfer;
import io.emotioncluster.node.training.ClassifierTrainer;
import io.emotioncluster.node.training.TensorSet;
import io.emotioncluster.node.training.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The imported trunk as a transfer-learning backbone: the trainer's path with frozen features. */
class FaceApiFineTuneTest {

  @Test
  void headTrainsOnTheFrozenImportedTrunk() throws Exception {
    Architecture arch = Architecture.faceApiExpression();
    List<LabeledImage> images = new SynthFacs(SynthFacsConfig.defaults().withSubjects(2).withImagesPerEmotion(1))
        .generate().stream().map(f -> new LabeledImage(f.id(), "s" + f.subjectId(), f.emotion(), f.image()))
        .toList();
    TensorSet train = TensorSet.of(images, arch.input());
    try (Classifier imported = FaceApiImporter.load(EngineConfig.defaults());
        Classifier fresh = Classifier.create(arch, EngineConfig.defaults())) {
      Transfer.copyFeatures(imported, fresh);
      float[] trunkBefore = params(ClassifierNetwork.features(fresh.network()));
      float[] headBefore = params(ClassifierNetwork.head(fresh.network()));
      List<Double> losses = new ArrayList<>();
      new ClassifierTrainer(TrainingOptions.defaults().withEpochs(1).withBatch(7, 1e-3f).withTransfer(1, 0.1f))
          .train(fresh, train, train, r -> losses.add(r.loss()));
      assertThat(losses).hasSize(1);
      assertThat(losses.get(0)).isFinite();
      assertThat(params(ClassifierNetwork.features(fresh.network()))).containsExactly(trunkBefore);
      assertThat(params(ClassifierNetwork.head(fresh.network()))).isNotEqualTo(headBefore);
    }
  }

  static float[] params(ai.djl.nn.Block block) {
    List<Float> all = new ArrayList<>();
    block.getParameters().forEach(p -> {
      for (float v : p.getValue().getArray().toFloatArray()) {
        all.add(v);
      }
    });
    float[] out = new float[all.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(i);
    }
    return out;
  }
}
