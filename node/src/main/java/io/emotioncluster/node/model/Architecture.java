package io.emotioncluster.node.model;

import io.emotioncluster.node.image.InputSpec;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A VGG-style classifier described as data, so a version's metadata can rebuild its network.
 *
 * @param name            preset name ("vgg-mini", "vgg16") or "custom"
 * @param input           what the network eats
 * @param stageWidths     output channels of each conv stage (each stage ends in a 2x2 max pool)
 * @param convsPerStage   3x3 conv + batch norm + ReLU layers in each stage
 * @param denseUnits      hidden dense layers of the head, each followed by ReLU and dropout
 * @param dropout         dropout rate in the head
 */
public record Architecture(
    String name,
    InputSpec input,
    List<Integer> stageWidths,
    List<Integer> convsPerStage,
    List<Integer> denseUnits,
    float dropout) {

  public static final String VGG_MINI = "vgg-mini";
  public static final String VGG16 = "vgg16";
  /** face-api's FaceExpressionNet (imported weights, see the model.faceapi package). */
  public static final String FACEAPI_EXPRESSION = "faceapi-expression";

  public Architecture {
    stageWidths = List.copyOf(stageWidths);
    convsPerStage = List.copyOf(convsPerStage);
    denseUnits = List.copyOf(denseUnits);
    if (stageWidths.size() != convsPerStage.size() || stageWidths.isEmpty()) {
      throw new IllegalArgumentException("stageWidths and convsPerStage must be non-empty and of equal length");
    }
    int downscale = 1 << stageWidths.size();
    if (input.width() < downscale || input.height() < downscale) {
      throw new IllegalArgumentException(stageWidths.size() + " pooling stages need an input of at least "
          + downscale + " px, got " + input.width() + "x" + input.height());
    }
  }

  /** The CPU default: 48x48 gray, four one-conv stages 32-64-128-256, dense 256. */
  public static Architecture vggMini() {
    return new Architecture(VGG_MINI, InputSpec.of(48, 48, 1),
        List.of(32, 64, 128, 256), List.of(1, 1, 1, 1), List.of(256), 0.5f);
  }

  /** The paper's network: 13 convs in five stages, two 4096-unit dense layers, 224x224 RGB. */
  public static Architecture vgg16() {
    return new Architecture(VGG16, InputSpec.of(224, 224, 3),
        List.of(64, 128, 256, 512, 512), List.of(2, 2, 3, 3, 3), List.of(4096, 4096), 0.5f);
  }

  /**
   * face-api's FaceExpressionNet: 112x112 RGB, four dense blocks of four 3x3 (separable) convs at
   * widths 32-64-128-256, average pool to a 256-d feature, one 256 -> 7 dense layer.
   */
  public static Architecture faceApiExpression() {
    return new Architecture(FACEAPI_EXPRESSION, new InputSpec(112, 112, 3, InputSpec.FACEAPI_MEAN),
        List.of(32, 64, 128, 256), List.of(4, 4, 4, 4), List.of(), 0f);
  }

  public static Architecture preset(String name) {
    return switch (name == null || name.isBlank() ? VGG_MINI : name.toLowerCase(Locale.ROOT)) {
      case VGG_MINI -> vggMini();
      case VGG16 -> vgg16();
      case FACEAPI_EXPRESSION -> faceApiExpression();
      default -> throw new IllegalArgumentException("unknown architecture '" + name
          + "': use " + VGG_MINI + ", " + VGG16 + " or " + FACEAPI_EXPRESSION);
    };
  }

  /** Scales every width (at least 4 channels / units each). */
  public Architecture withWidthMultiplier(double m) {
    if (m <= 0 || m == 1) {
      return this;
    }
    return new Architecture(name, input, scale(stageWidths, m), convsPerStage, scale(denseUnits, m), dropout);
  }

  public Architecture withInput(InputSpec newInput) {
    return new Architecture(name, newInput, stageWidths, convsPerStage, denseUnits, dropout);
  }

  private static List<Integer> scale(List<Integer> widths, double m) {
    return widths.stream().map(w -> Math.max(4, (int) Math.round(w * m))).collect(Collectors.toList());
  }
}
