package io.emotioncluster.node.detect;

import java.util.List;

/**
 * One face a detector found: its box, how sure the detector is (0..1; 0 when the detector gives
 * no score, as Haar), and its landmarks (none from Haar), all in the image's pixel coordinates.
 */
public record DetectedFace(FaceBox box, float score, List<Keypoint> keypoints) {

  public DetectedFace {
    keypoints = List.copyOf(keypoints);
  }

  /** A landmark; BlazeFace gives six, in {@link Kind} order. */
  public record Keypoint(Kind kind, float x, float y) {}

  /**
   * BlazeFace's landmark order. "Right" and "left" are the person's own: the right eye appears on
   * the image's left in an unmirrored photo.
   */
  public enum Kind { RIGHT_EYE, LEFT_EYE, NOSE_TIP, MOUTH, RIGHT_EAR, LEFT_EAR }

  /** The landmark of this kind, or null when the detector gave none. */
  public Keypoint keypoint(Kind kind) {
    for (Keypoint k : keypoints) {
      if (k.kind() == kind) {
        return k;
      }
    }
    return null;
  }
}
