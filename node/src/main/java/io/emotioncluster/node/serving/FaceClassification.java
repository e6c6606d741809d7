package io.emotioncluster.node.serving;

import io.emotioncluster.node.detect.FaceBox;
import java.util.List;

/**
 * The answer for one image classified with face detection: one {@link Classification} per face
 * found, largest face first (empty when there is none), each with its box in the image's pixel
 * coordinates. {@code decodeMicros} covers decoding, detection and preprocessing of every crop;
 * queue and compute times are the largest over the faces.
 */
public record FaceClassification(String version, List<Face> faces, long decodeMicros,
    long detectMicros, long queueMicros, long computeMicros, long totalMicros, int batchSize) {

  public FaceClassification {
    faces = List.copyOf(faces);
  }

  /** One face: its box and the model's answer for its crop. */
  public record Face(FaceBox box, Classification classification) {}
}
