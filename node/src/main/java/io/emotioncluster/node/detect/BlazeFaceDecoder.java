package io.emotioncluster.node.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns BlazeFace's raw outputs into faces: anchor decoding and MediaPipe-style weighted
 * non-maximum suppression. Plain Java on float arrays, so it is tested without OpenCV.
 *
 * <p>Coordinates here are normalised to the square network input (0..1). Each anchor is a cell
 * centre of one feature map; the regressors give, in input pixels relative to that centre, the
 * box centre, width and height, then six (x, y) keypoints.
 */
public final class BlazeFaceDecoder {

  /** Values per anchor in the regressor output: box (4) + 6 keypoints (12). */
  public static final int VALUES = 16;
  public static final int KEYPOINTS = 6;

  private final int inputSize;
  private final float[] anchors; // x, y pairs, normalised
  private final float minScore;
  private final float iouThreshold;

  /**
   * @param inputSize   side of the square network input, px
   * @param layers      feature maps as {grid side, anchors per cell}, in the network's output order
   * @param minScore    detections below this probability are dropped
   * @param iouThreshold boxes overlapping the best one by more than this are merged into it
   */
  public BlazeFaceDecoder(int inputSize, int[][] layers, float minScore, float iouThreshold) {
    this.inputSize = inputSize;
    this.minScore = minScore;
    this.iouThreshold = iouThreshold;
    int n = 0;
    for (int[] l : layers) {
      n += l[0] * l[0] * l[1];
    }
    anchors = new float[2 * n];
    int i = 0;
    for (int[] l : layers) {
      int grid = l[0];
      for (int y = 0; y < grid; y++) {
        for (int x = 0; x < grid; x++) {
          for (int k = 0; k < l[1]; k++) {
            anchors[i++] = (x + 0.5f) / grid;
            anchors[i++] = (y + 0.5f) / grid;
          }
        }
      }
    }
  }

  public int anchorCount() {
    return anchors.length / 2;
  }

  /** A face in normalised input coordinates: centre-free box corners, score, keypoints (x, y)*. */
  public record Candidate(float x0, float y0, float x1, float y1, float score, float[] keypoints) {

    float area() {
      return Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
    }

    float iou(Candidate o) {
      float w = Math.min(x1, o.x1) - Math.max(x0, o.x0);
      float h = Math.min(y1, o.y1) - Math.max(y0, o.y0);
      if (w <= 0 || h <= 0) {
        return 0;
      }
      float inter = w * h;
      return inter / (area() + o.area() - inter);
    }
  }

  /**
   * Faces from one forward pass.
   *
   * @param scores     raw logits, one per anchor
   * @param regressors {@link #VALUES} values per anchor
   */
  public List<Candidate> decode(float[] scores, float[] regressors) {
    int n = anchorCount();
    if (scores.length != n || regressors.length != n * VALUES) {
      throw new IllegalArgumentException("expected " + n + " scores and " + n * VALUES
          + " regressor values, got " + scores.length + " and " + regressors.length);
    }
    List<Candidate> kept = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      float p = sigmoid(scores[a]);
      if (p < minScore) {
        continue;
      }
      float ax = anchors[2 * a];
      float ay = anchors[2 * a + 1];
      int o = a * VALUES;
      float cx = regressors[o] / inputSize + ax;
      float cy = regressors[o + 1] / inputSize + ay;
      float w = regressors[o + 2] / inputSize;
      float h = regressors[o + 3] / inputSize;
      if (!(w > 0 && h > 0)) {
        continue;
      }
      float[] kp = new float[2 * KEYPOINTS];
      for (int k = 0; k < KEYPOINTS; k++) {
        kp[2 * k] = regressors[o + 4 + 2 * k] / inputSize + ax;
        kp[2 * k + 1] = regressors[o + 5 + 2 * k] / inputSize + ay;
      }
      kept.add(new Candidate(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, p, kp));
    }
    return weightedNms(kept, iouThreshold);
  }

  /**
   * MediaPipe's "weighted" suppression: the best remaining box absorbs every box that overlaps it
   * by more than the threshold, and the result is their score-weighted average (keypoints too),
   * with the best box's score. Steadier across frames than keeping the single best box.
   */
  static List<Candidate> weightedNms(List<Candidate> candidates, float iouThreshold) {
    List<Candidate> rest = new ArrayList<>(candidates);
    rest.sort(Comparator.comparingDouble(Candidate::score).reversed());
    List<Candidate> out = new ArrayList<>();
    while (!rest.isEmpty()) {
      Candidate best = rest.get(0);
      float sw = 0;
      float x0 = 0;
      float y0 = 0;
      float x1 = 0;
      float y1 = 0;
      float[] kp = new float[best.keypoints().length];
      List<Candidate> remaining = new ArrayList<>();
      for (Candidate c : rest) {
        if (c == best || best.iou(c) > iouThreshold) {
          float s = c.score();
          sw += s;
          x0 += s * c.x0();
          y0 += s * c.y0();
          x1 += s * c.x1();
          y1 += s * c.y1();
          for (int k = 0; k < kp.length; k++) {
            kp[k] += s * c.keypoints()[k];
          }
        } else {
          remaining.add(c);
        }
      }
      for (int k = 0; k < kp.length; k++) {
        kp[k] /= sw;
      }
      out.add(new Candidate(x0 / sw, y0 / sw, x1 / sw, y1 / sw, best.score(), kp));
      rest = remaining;
    }
    return out;
  }

  static float sigmoid(float logit) {
    float x = Math.max(-100f, Math.min(100f, logit));
    return (float) (1 / (1 + Math.exp(-x)));
  }
}
