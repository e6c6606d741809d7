package io.emotioncluster.node.model.faceapi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.model.ClassifierNetwork;

/**
 * face-api's FaceExpressionNet as a DJL block, layer for layer as in face-api 1.7.15
 * ({@code src/faceFeatureExtractor/FaceFeatureExtractor.ts}, {@code denseBlock.ts},
 * {@code src/common/depthwiseSeparableConv.ts}, {@code src/faceProcessor/FaceProcessor.ts}):
 *
 * <pre>
 * features: denseBlock4(32, first: plain 3x3 conv) -> denseBlock4(64) -> denseBlock4(128)
 *           -> denseBlock4(256) -> avgPool 7x7 stride 2 'valid'      (N, 256, 1, 1)
 * head:     flatten -> dense 256 -> 7 (logits; Classifier applies softmax)
 *
 * denseBlock4(x): out1 = relu(conv0(x))        conv0 has stride 2
 *                 out2 = conv1(out1)
 *                 out3 = conv2(relu(out1 + out2))
 *                 out4 = conv3(relu(out1 + out2 + out3))
 *                 return relu(out1 + out2 + out3 + out4)
 * conv = 3x3 depthwise (no bias) -> 1x1 pointwise + bias, TF 'same' padding
 * </pre>
 *
 * TF's 'same' padding for a stride-2 3x3 convolution on an even size pads one row and column
 * after the image and none before; DJL pads symmetrically, so those convolutions get an explicit
 * bottom/right zero pad and no padding of their own. The features block is child 0 and the head
 * child 1 of the returned block, like every other classifier network, so transfer learning can
 * copy or freeze the 256-d trunk.
 */
public final class FaceApiNetwork {

  private FaceApiNetwork() {}

  public static SequentialBlock build(Architecture arch) {
    SequentialBlock features = new SequentialBlock();
    int channels = arch.input().channels();
    for (int b = 0; b < arch.stageWidths().size(); b++) {
      int width = arch.stageWidths().get(b);
      features.add(new DenseBlock4(channels, width, b == 0));
      channels = width;
    }
    features.add(Pool.avgPool2dBlock(new Shape(7, 7), new Shape(2, 2)));
    return new SequentialBlock().add(features).add(ClassifierNetwork.buildHead(arch));
  }

  /** One zero row below and one zero column right of an NCHW batch (TF 'same', stride 2). */
  static Block padBottomRight() {
    return new LambdaBlock(list -> {
      NDArray x = list.singletonOrThrow();
      Shape s = x.getShape();
      NDManager m = x.getManager();
      NDArray rows = x.concat(m.zeros(new Shape(s.get(0), s.get(1), 1, s.get(3)), x.getDataType(), x.getDevice()), 2);
      return new NDList(rows.concat(
          m.zeros(new Shape(s.get(0), s.get(1), s.get(2) + 1, 1), x.getDataType(), x.getDevice()), 3));
    }, "faceapi-pad-bottom-right");
  }

  /** face-api's plain first convolution: 3x3, stride 2, 'same', with bias. */
  static Block plainConv(int filters) {
    return new SequentialBlock()
        .add(padBottomRight())
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(2, 2))
            .setFilters(filters).build());
  }

  /** tf.separableConv2d(x, depthwise, pointwise, stride, 'same') + bias. */
  static Block separableConv(int inChannels, int filters, boolean strideTwo) {
    SequentialBlock block = new SequentialBlock();
    Conv2d.Builder depthwise = Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(inChannels)
        .optGroups(inChannels).optBias(false);
    if (strideTwo) {
      block.add(padBottomRight());
      depthwise.optStride(new Shape(2, 2));
    } else {
      depthwise.optPadding(new Shape(1, 1));
    }
    block.add(depthwise.build());
    block.add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(filters).build());
    return block;
  }

  /** face-api's denseBlock4 (always scaling down by 2). */
  static final class DenseBlock4 extends AbstractBlock {
    private final int filters;
    private final Block conv0;
    private final Block conv1;
    private final Block conv2;
    private final Block conv3;

    DenseBlock4(int inChannels, int filters, boolean first) {
      this.filters = filters;
      conv0 = addChildBlock("conv0", first ? plainConv(filters) : separableConv(inChannels, filters, true));
      conv1 = addChildBlock("conv1", separableConv(filters, filters, false));
      conv2 = addChildBlock("conv2", separableConv(filters, filters, false));
      conv3 = addChildBlock("conv3", separableConv(filters, filters, false));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
        PairList<String, Object> params) {
      NDArray out1 = Activation.relu(conv0.forward(ps, inputs, training, params).singletonOrThrow());
      NDArray out2 = conv1.forward(ps, new NDList(out1), training, params).singletonOrThrow();
      NDArray sum12 = out1.add(out2);
      NDArray out3 = conv2.forward(ps, new NDList(Activation.relu(sum12)), training, params).singletonOrThrow();
      NDArray sum123 = sum12.add(out3);
      NDArray out4 = conv3.forward(ps, new NDList(Activation.relu(sum123)), training, params).singletonOrThrow();
      return new NDList(Activation.relu(sum123.add(out4)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
      Shape in = inputs[0];
      return new Shape[] {new Shape(in.get(0), filters, (in.get(2) + 1) / 2, (in.get(3) + 1) / 2)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
      conv0.initialize(manager, dataType, inputShapes);
      Shape[] out = conv0.getOutputShapes(inputShapes);
      conv1.initialize(manager, dataType, out);
      conv2.initialize(manager, dataType, out);
      conv3.initialize(manager, dataType, out);
    }
  }
}
