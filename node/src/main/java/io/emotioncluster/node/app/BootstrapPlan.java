package io.emotioncluster.node.app;

import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.training.TrainingOptions;

/** What a node trains when it starts on an empty data directory. */
public record BootstrapPlan(SynthFacsConfig data, TrainingOptions training) {

  public static BootstrapPlan defaults() {
    return new BootstrapPlan(SynthFacsConfig.defaults(), TrainingOptions.defaults().withEpochs(16));
  }
}
