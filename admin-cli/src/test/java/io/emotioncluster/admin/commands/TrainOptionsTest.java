package io.emotioncluster.admin.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotioncluster.admin.UserException;
import io.emotioncluster.api.v1.DatasetSpec;
import io.emotioncluster.api.v1.Emotion;
import io.emotioncluster.api.v1.JobKind;
import io.emotioncluster.api.v1.TrainRequest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The TrainRequest that train's options make: unset options stay unset so the node's defaults apply. */
class TrainOptionsTest {

  static TrainRequest request(String... args) {
    TrainOptions o = new TrainOptions();
    new CommandLine(o).setCaseInsensitiveEnumValuesAllowed(true)
        .registerConverter(TrainOptions.Architecture.class, new TrainOptions.ArchitectureConverter()).parseArgs(args);
    return o.request();
  }

  @Test
  void noOptionsIsSynthFacsWithNodeDefaults() {
    TrainRequest r = request();
    assertThat(r.getKind()).isEqualTo(JobKind.CLASSIFIER_TRAINING);
    assertThat(r.getDataset().getSourceCase()).isEqualTo(DatasetSpec.SourceCase.SYNTHFACS);
    assertThat(r.getDataset().getSynthfacs().getSubjects()).isZero();
    assertThat(r.getDataset().getSynthfacs().hasDifficulty()).isFalse();
    assertThat(r.getConfig().getEpochs()).isZero();
    assertThat(r.hasBase()).isFalse();
    assertThat(r.hasAugmentation()).isFalse();
    assertThat(r.getDataset().hasSplit()).isFalse();
  }

  @Test
  void everySynthFacsAndTrainingOptionLandsInItsField() {
    TrainRequest r = request("--subjects", "12", "--images-per-emotion", "2", "--difficulty", "0.2", "--style", "shaded",
        "--seed", "7", "--epochs", "3", "--batch-size", "16", "--lr", "0.002", "--architecture", "vgg-mini",
        "--freeze-epochs", "1", "--augment", "--early-stopping", "2", "--promote", "--name", "nightly",
        "--base-version", "v3", "--test-fraction", "0.3", "--init-seed", "9");
    var s = r.getDataset().getSynthfacs();
    assertThat(s.getSubjects()).isEqualTo(12);
    assertThat(s.getImagesPerEmotion()).isEqualTo(2);
    assertThat(s.getDifficulty()).isEqualTo(0.2f);
    assertThat(s.getStyle()).isEqualTo("shaded");
    assertThat(s.getSeed()).isEqualTo(7);
    var c = r.getConfig();
    assertThat(c.getEpochs()).isEqualTo(3);
    assertThat(c.getBatchSize()).isEqualTo(16);
    assertThat(c.getLearningRate()).isEqualTo(0.002f);
    assertThat(c.getArchitecture()).isEqualTo("vgg-mini");
    assertThat(c.getFreezeEpochs()).isEqualTo(1);
    assertThat(c.getAugment()).isTrue();
    assertThat(c.getEarlyStoppingPatience()).isEqualTo(2);
    assertThat(c.getSeed()).isEqualTo(9);
    assertThat(r.getPromoteWhenDone()).isTrue();
    assertThat(r.getDisplayName()).isEqualTo("nightly");
    assertThat(r.getBase().getVersionId()).isEqualTo("v3");
    assertThat(r.getDataset().getSplit().getTestFraction()).isEqualTo(0.3f);
  }

  @Test
  void imageFolderAndFer2013() {
    TrainRequest f = request("--image-folder", "faces", "--subject-pattern", "^(s\\d+)_", "--backbone", "vgg.params");
    assertThat(f.getDataset().getImageFolder().getPath()).isEqualTo("faces");
    assertThat(f.getDataset().getImageFolder().getSubjectPattern()).isEqualTo("^(s\\d+)_");
    assertThat(f.getBase().getBackbonePath()).isEqualTo("vgg.params");
    TrainRequest fer = request("--fer2013", "fer2013.csv", "--use-usage");
    assertThat(fer.getDataset().getFer2013().getPath()).isEqualTo("fer2013.csv");
    assertThat(fer.getDataset().getFer2013().getUseUsageColumn()).isTrue();
  }

  @Test
  void generatorAndExperimentJobsAreSentAsAsked() {
    TrainRequest e = request("--kind", "experiment", "--seeds", "1,2,3", "--generated-per-class", "50");
    assertThat(e.getKind()).isEqualTo(JobKind.EXPERIMENT);
    assertThat(e.getExperiment().getSeedsList()).containsExactly(1L, 2L, 3L);
    assertThat(e.getExperiment().getAugmented().getImagesPerClass()).isEqualTo(50);
    assertThat(request("--generated-per-class", "10").getAugmentation().getImagesPerClass()).isEqualTo(10);
    assertThat(request("--kind", "GENERATOR").getKind()).isEqualTo(JobKind.GENERATOR_TRAINING);
    // what bin/paper-experiment sends (quick size)
    TrainRequest paper = request("--kind", "experiment", "--name", "paper experiment (quick)", "--ratio-to-real", "1",
        "--difficulty", "0.5", "--subjects", "40", "--images-per-emotion", "2", "--epochs", "8", "--seeds", "1,2,3",
        "--budgets", "10,0", "--experiment-generator-steps", "600");
    assertThat(paper.getExperiment().getSeedsList()).containsExactly(1L, 2L, 3L);
    assertThat(paper.getExperiment().getRealPerClassBudgetsList()).containsExactly(10, 0);
    assertThat(paper.getExperiment().getAugmented().getRatioToReal()).isEqualTo(1f);
    assertThat(paper.getGenerator().getSteps()).isEqualTo(600);
    assertThat(paper.getDataset().getSynthfacs().getSubjects()).isEqualTo(40);
    assertThat(paper.hasAugmentation()).isFalse();
    // the paper's protocol with a base: four rows, the PCA variant, the classical baseline
    TrainRequest transfer = request("--kind", "experiment", "--base-version", "v1", "--variants", "pca");
    assertThat(transfer.getBase().getVersionId()).isEqualTo("v1");
    assertThat(transfer.getExperiment().getGeneratorVariantsList()).containsExactly("pca");
    assertThat(transfer.getExperiment().hasScratchArms()).as("node default: with scratch arms").isFalse();
    assertThat(transfer.getExperiment().hasClassicalBaseline()).isFalse();
    TrainRequest lean = request("--kind", "experiment", "--no-scratch-arms", "--no-classical");
    assertThat(lean.getExperiment().hasScratchArms()).isTrue();
    assertThat(lean.getExperiment().getScratchArms()).isFalse();
    assertThat(lean.getExperiment().getClassicalBaseline()).isFalse();
    assertThatThrownBy(() -> request("--variants", "pca")).hasMessageContaining("--kind experiment");
    assertThat(request("--kind", "experiment", "--experiment-generator-base", "v2").getGenerator().getBaseVersion())
        .isEqualTo("v2");
    assertThatThrownBy(() -> request("--experiment-generator-base", "v2")).hasMessageContaining("--kind experiment");
  }

  @Test
  void contradictionsAreRefusedHere() {
    assertThatThrownBy(() -> request("--subject-pattern", "x")).isInstanceOf(UserException.class)
        .hasMessageContaining("--subject-pattern goes with --image-folder");
    assertThatThrownBy(() -> request("--use-usage")).hasMessageContaining("--use-usage goes with --fer2013");
    assertThatThrownBy(() -> request("--base-version", "v1", "--backbone", "b")).hasMessageContaining("alternatives");
    assertThatThrownBy(() -> request("--epochs", "0")).hasMessageContaining("--epochs must be at least 1");
    assertThatThrownBy(() -> request("--difficulty", "2")).hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> request("--kind", "experiment", "--seeds", "1")).hasMessageContaining("at least two --seeds");
    assertThat(request("--kind", "experiment").getExperiment().getSeedsCount()).as("node default").isZero();
    TrainRequest curve = request("--kind", "experiment", "--budgets", "10,40,0", "--ratio-to-real", "0.5",
        "--min-confidence", "0.6");
    assertThat(curve.getExperiment().getRealPerClassBudgetsList()).containsExactly(10, 40, 0);
    assertThat(curve.getExperiment().getAugmented().getRatioToReal()).isEqualTo(0.5f);
    assertThat(curve.getExperiment().getAugmented().getMinConfidence()).isEqualTo(0.6f);
    assertThatThrownBy(() -> request("--generated-per-class", "5", "--ratio-to-real", "1")).hasMessageContaining("alternatives");
    assertThatThrownBy(() -> request("--budgets", "5")).hasMessageContaining("--kind experiment");
    assertThatThrownBy(() -> request("--seeds", "1")).hasMessageContaining("--kind experiment");
  }

  @Test
  void emotionsForGenerate() {
    assertThat(GenerateCommand.parseEmotion("all")).isEqualTo(Emotion.EMOTION_UNSPECIFIED);
    assertThat(GenerateCommand.parseEmotion("Happiness")).isEqualTo(Emotion.HAPPINESS);
    assertThat(GenerateCommand.parseEmotion("sur")).isEqualTo(Emotion.SURPRISE);
    assertThatThrownBy(() -> GenerateCommand.parseEmotion("joy")).hasMessageContaining("unknown emotion 'joy'");
  }
}
