package io.emotioncluster.node.serving;

import io.emotioncluster.node.detect.DetectedFace;
import java.util.List;

/**
 * The answer for one image classified with face detection: one {@link Classification} per face
 * found, largest face first (empty when there is none), each with its detection (box, score,
 * landmarks) in the image's pixel coordinates. {@code decodeMicros} covers everything before the
 * model's queue: decoding the image ({@code imageMicros}), detection ({@code detectMicros}) and
 * aligning and preprocessing every face ({@code alignMicros}); queue and compute times are the
 * largest over the faces.
 */
public record FaceClassification(String version, List<Face> faces, long decodeMicros,
    long imageMicros, long detectMicros, long alignMicros, long queueMicros, long computeMicros,
    long totalMicros, int batchSize) {

  public FaceClassification {
    faces = List.copyOf(faces);
  }

  /** One face: what the detector found and the model's answer for its aligned crop. */
  public record Face(DetectedFace detection, Classification classification) {}
}
