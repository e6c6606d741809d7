package io.emotioncluster.node.tracking;

import io.emotioncluster.node.detect.FaceBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Gives each face of a video a track id that stays the same from frame to frame. One tracker per
 * stream, fed frames in order; not thread-safe (a stream's frames are tracked one at a time).
 *
 * <p>Matching is by centroid: each track predicts where its face is now (last centre plus its
 * velocity), and detections are paired with tracks greedily, closest first, within a gate of
 * {@link #GATE} face sizes and a size ratio of at most 2. The velocity keeps two faces that cross
 * apart: each is looked for where its own motion leads. A track that finds no face survives
 * {@code maxMissedFrames} frames (a blink of the detector, a face passing behind another), then
 * ends; a new face gets a new id, never a reused one.
 */
public final class FaceTracker {

  /** Largest distance, in face sizes, between a track's predicted centre and its detection. */
  public static final double GATE = 0.75;
  public static final int DEFAULT_MAX_MISSED = 5;

  private final int maxMissedFrames;
  private final List<Track> tracks = new ArrayList<>();
  private long nextId = 1;

  public FaceTracker() {
    this(DEFAULT_MAX_MISSED);
  }

  public FaceTracker(int maxMissedFrames) {
    this.maxMissedFrames = maxMissedFrames;
  }

  /** A followed face. Scores are the smoothed emotion scores (null until the first smoothing). */
  static final class Track {
    final long id;
    double cx;
    double cy;
    double size;
    double vx;
    double vy;
    int missed;
    float[] smoothed;

    Track(long id, FaceBox b) {
      this.id = id;
      cx = centreX(b);
      cy = centreY(b);
      size = size(b);
    }

    double predictedX() {
      return cx + vx * (missed + 1);
    }

    double predictedY() {
      return cy + vy * (missed + 1);
    }

    void moveTo(FaceBox b) {
      int frames = missed + 1;
      double nx = centreX(b);
      double ny = centreY(b);
      // damped velocity: one noisy box does not send the prediction off
      vx = 0.5 * vx + 0.5 * (nx - cx) / frames;
      vy = 0.5 * vy + 0.5 * (ny - cy) / frames;
      cx = nx;
      cy = ny;
      size = size(b);
      missed = 0;
    }
  }

  /** The track id of each box of this frame, in the order given. */
  public long[] update(List<FaceBox> boxes) {
    record Pair(Track track, int box, double cost) {}
    List<Pair> pairs = new ArrayList<>();
    for (Track t : tracks) {
      for (int i = 0; i < boxes.size(); i++) {
        FaceBox b = boxes.get(i);
        double s = size(b);
        double ratio = Math.max(s, t.size) / Math.max(1e-9, Math.min(s, t.size));
        double cost = Math.hypot(centreX(b) - t.predictedX(), centreY(b) - t.predictedY())
            / Math.max(s, t.size);
        if (ratio <= 2 && cost <= GATE) {
          pairs.add(new Pair(t, i, cost));
        }
      }
    }
    pairs.sort(Comparator.comparingDouble(Pair::cost));
    long[] ids = new long[boxes.size()];
    boolean[] boxTaken = new boolean[boxes.size()];
    List<Track> matched = new ArrayList<>();
    for (Pair p : pairs) {
      if (boxTaken[p.box()] || matched.contains(p.track())) {
        continue;
      }
      boxTaken[p.box()] = true;
      matched.add(p.track());
      p.track().moveTo(boxes.get(p.box()));
      ids[p.box()] = p.track().id;
    }
    tracks.removeIf(t -> !matched.contains(t) && ++t.missed > maxMissedFrames);
    for (int i = 0; i < boxes.size(); i++) {
      if (!boxTaken[i]) {
        Track t = new Track(nextId++, boxes.get(i));
        tracks.add(t);
        ids[i] = t.id;
      }
    }
    return ids;
  }

  /**
   * Folds this frame's scores into the track's exponential moving average and returns the
   * average. A frame's weight halves every {@code halfLifeFrames} frames; the first frame of a
   * track is taken as it is.
   */
  public float[] smooth(long trackId, float[] scores, double halfLifeFrames) {
    Track t = tracks.stream().filter(x -> x.id == trackId).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no track " + trackId));
    if (t.smoothed == null || t.smoothed.length != scores.length || !(halfLifeFrames > 0)) {
      t.smoothed = scores.clone();
      return t.smoothed.clone();
    }
    double alpha = 1 - Math.pow(0.5, 1 / halfLifeFrames);
    for (int i = 0; i < scores.length; i++) {
      t.smoothed[i] = (float) (alpha * scores[i] + (1 - alpha) * t.smoothed[i]);
    }
    return t.smoothed.clone();
  }

  /** Tracks alive now (seen within the last maxMissedFrames frames). */
  public int liveTracks() {
    return tracks.size();
  }

  private static double centreX(FaceBox b) {
    return b.x() + b.width() / 2.0;
  }

  private static double centreY(FaceBox b) {
    return b.y() + b.height() / 2.0;
  }

  private static double size(FaceBox b) {
    return Math.max(1, Math.max(b.width(), b.height()));
  }
}
