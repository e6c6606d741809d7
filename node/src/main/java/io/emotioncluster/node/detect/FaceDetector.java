package io.emotioncluster.node.detect;

import io.emotioncluster.node.image.PixelImage;
import java.util.List;

/**
 * Finds faces in a whole image. Implementations are safe to call from several threads at once
 * and return faces in the coordinates of the image given, largest first.
 */
public interface FaceDetector {

  /** Faces in {@code image}, largest first; empty when there is none. */
  List<DetectedFace> detect(PixelImage image);

  /** Which detector this is, as named by {@code --face-detector}. */
  String name();

  /** The default, what {@code --face-detector blazeface} means. */
  String DEFAULT = BlazeFaceDetector.FULL_RANGE_NAME;

  /** The detector a node was started with ({@code --face-detector}); blank = {@link #DEFAULT}. */
  static FaceDetector named(String name) {
    return switch (requireKnown(name)) {
      case BlazeFaceDetector.FULL_RANGE_NAME -> new BlazeFaceDetector(BlazeFaceDetector.Variant.FULL_RANGE);
      case BlazeFaceDetector.SHORT_RANGE_NAME -> new BlazeFaceDetector(BlazeFaceDetector.Variant.SHORT_RANGE);
      default -> new HaarFaceDetector();
    };
  }

  /** The canonical name of a detector, without loading it; unknown names are refused. */
  static String requireKnown(String name) {
    String n = name == null ? "" : name.trim().toLowerCase();
    return switch (n) {
      case "", "blazeface" -> DEFAULT;
      case BlazeFaceDetector.FULL_RANGE_NAME, BlazeFaceDetector.SHORT_RANGE_NAME, HaarFaceDetector.NAME -> n;
      default -> throw new IllegalArgumentException("unknown face detector '" + name + "': use blazeface (= "
          + DEFAULT + "), " + BlazeFaceDetector.FULL_RANGE_NAME + ", " + BlazeFaceDetector.SHORT_RANGE_NAME
          + " or " + HaarFaceDetector.NAME);
    };
  }
}
