package io.emotioncluster.node.app;

import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.training.TrainingOptions;

/**
 * What a node trains when it starts on an empty data directory.
 *
 * @param bundledGenerator also register and promote the generator shipped with the node (tests
 *                         that check a node without a generator turn it off)
 */
public record BootstrapPlan(SynthFacsConfig data, TrainingOptions training, boolean bundledGenerator) {

  public BootstrapPlan(SynthFacsConfig data, TrainingOptions training) {
    this(data, training, true);
  }

  public static BootstrapPlan defaults() {
    return new BootstrapPlan(SynthFacsConfig.defaults(), TrainingOptions.defaults().withEpochs(16));
  }

  public BootstrapPlan withBundledGenerator(boolean on) {
    return new BootstrapPlan(data, training, on);
  }
}
