package io.emotioncluster.node.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.ndarray.types.Shape;

/**
 * Builds the DJL block for an {@link Architecture}: a "features" sequence of conv stages and a
 * "head" (flatten, dense layers with dropout, 7 logits). Keeping the two as separate children
 * lets transfer learning freeze the features and re-initialise the head.
 */
public final class ClassifierNetwork {

  private ClassifierNetwork() {}

  public static SequentialBlock build(Architecture arch) {
    if (Architecture.FACEAPI_EXPRESSION.equals(arch.name())) {
      return io.emotioncluster.node.model.faceapi.FaceApiNetwork.build(arch);
    }
    SequentialBlock features = new SequentialBlock();
    for (int s = 0; s < arch.stageWidths().size(); s++) {
      for (int c = 0; c < arch.convsPerStage().get(s); c++) {
        features.add(Conv2d.builder()
            .setKernelShape(new Shape(3, 3))
            .optPadding(new Shape(1, 1))
            .setFilters(arch.stageWidths().get(s))
            .build());
        features.add(BatchNorm.builder().build());
        features.add(Activation.reluBlock());
      }
      features.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    }
    return new SequentialBlock().add(features).add(buildHead(arch));
  }

  /** Flatten, the architecture's dense layers with ReLU and dropout, then 7 logits. */
  public static SequentialBlock buildHead(Architecture arch) {
    SequentialBlock head = new SequentialBlock().add(Blocks.batchFlattenBlock());
    for (int units : arch.denseUnits()) {
      head.add(Linear.builder().setUnits(units).build());
      head.add(Activation.reluBlock());
      head.add(Dropout.builder().optRate(arch.dropout()).build());
    }
    head.add(Linear.builder().setUnits(Emotion.COUNT).build());
    return head;
  }

  public static Block features(SequentialBlock network) {
    return network.getChildren().get(0).getValue();
  }

  public static Block head(SequentialBlock network) {
    return network.getChildren().get(1).getValue();
  }
}
