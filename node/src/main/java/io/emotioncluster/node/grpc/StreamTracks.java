package io.emotioncluster.node.grpc;

import io.emotioncluster.api.v1.BoundingBox;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.Prediction;
import io.emotioncluster.api.v1.StreamFrame;
import io.emotioncluster.node.detect.FaceBox;
import io.emotioncluster.node.tracking.FaceTracker;
import java.util.ArrayList;
import java.util.List;

/**
 * The track ids (and smoothed scores) of one ClassifyStream: a {@link FaceTracker} fed each
 * detect_faces answer in frame order. Frames without detect_faces, and failed frames, are not
 * shown to the tracker (a failed frame counts as no frame, not as a frame without faces).
 */
final class StreamTracks {

  private final FaceTracker tracker = new FaceTracker();
  private float halfLifeFrames;

  /** The answer to {@code frame} with track ids (and smoothing, when asked) filled in. */
  ClassifyResponse annotate(StreamFrame frame, ClassifyResponse response) {
    if (frame.getSmoothingHalfLifeFrames() > 0) {
      halfLifeFrames = frame.getSmoothingHalfLifeFrames();
    }
    if (!frame.getRequest().getDetectFaces()) {
      return response;
    }
    List<FaceBox> boxes = new ArrayList<>(response.getPredictionsCount());
    for (Prediction p : response.getPredictionsList()) {
      BoundingBox b = p.getFace();
      boxes.add(new FaceBox(b.getX(), b.getY(), b.getWidth(), b.getHeight()));
    }
    long[] ids = tracker.update(boxes);
    ClassifyResponse.Builder out = response.toBuilder();
    for (int i = 0; i < ids.length; i++) {
      Prediction.Builder p = out.getPredictionsBuilder(i).setTrackId(ids[i]);
      if (halfLifeFrames > 0) {
        float[] scores = new float[p.getScoresCount()];
        for (int k = 0; k < scores.length; k++) {
          scores[k] = p.getScores(k);
        }
        float[] smoothed = tracker.smooth(ids[i], scores, halfLifeFrames);
        int top = 0;
        for (int k = 0; k < smoothed.length; k++) {
          p.addSmoothedScores(smoothed[k]);
          if (smoothed[k] > smoothed[top]) {
            top = k;
          }
        }
        p.setSmoothedEmotion(io.emotioncluster.api.v1.Emotion.forNumber(top + 1));
      }
    }
    return out.build();
  }
}
