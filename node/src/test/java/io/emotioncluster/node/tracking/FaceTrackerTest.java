package io.emotioncluster.node.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotioncluster.node.detect.FaceBox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Track ids through motion, crossing, missed frames, and the score smoothing's half-life. */
class FaceTrackerTest {

  private static FaceBox at(double cx, double cy, int size) {
    return new FaceBox((int) Math.round(cx - size / 2.0), (int) Math.round(cy - size / 2.0), size, size);
  }

  @Test
  void twoFacesThatCrossKeepTheirIds() {
    FaceTracker t = new FaceTracker();
    long idA = 0;
    long idB = 0;
    // A moves right, B moves left, 20 px per frame, 10 px apart vertically: they overlap mid-way
    for (int f = 0; f < 30; f++) {
      FaceBox a = at(100 + 20 * f, 200, 80);
      FaceBox b = at(680 - 20 * f, 210, 80);
      // detections come in no particular order: swap them on odd frames
      List<FaceBox> boxes = f % 2 == 0 ? List.of(a, b) : List.of(b, a);
      long[] ids = t.update(boxes);
      long gotA = f % 2 == 0 ? ids[0] : ids[1];
      long gotB = f % 2 == 0 ? ids[1] : ids[0];
      if (f == 0) {
        idA = gotA;
        idB = gotB;
        assertThat(idA).isNotEqualTo(idB);
      }
      assertThat(gotA).as("A at frame %d", f).isEqualTo(idA);
      assertThat(gotB).as("B at frame %d", f).isEqualTo(idB);
    }
    assertThat(t.liveTracks()).isEqualTo(2);
  }

  @Test
  void aFaceMissedForAFewFramesKeepsItsIdAndOneGoneLongerGetsANewOne() {
    FaceTracker t = new FaceTracker(3);
    long id = t.update(List.of(at(100, 100, 60)))[0];
    t.update(List.of(at(110, 100, 60)));
    t.update(List.of()); // the detector blinked, twice
    t.update(List.of());
    assertThat(t.update(List.of(at(140, 100, 60)))[0]).isEqualTo(id); // where its motion led
    for (int i = 0; i < 4; i++) {
      t.update(List.of());
    }
    long later = t.update(List.of(at(140, 100, 60)))[0];
    assertThat(later).isNotEqualTo(id).isGreaterThan(id);
  }

  @Test
  void aDifferentFaceFarAwayIsNotTakenForTheTrackedOne() {
    FaceTracker t = new FaceTracker();
    long id = t.update(List.of(at(100, 100, 60)))[0];
    long[] ids = t.update(List.of(at(400, 300, 60)));
    assertThat(ids[0]).isNotEqualTo(id);
    // and a face of a very different size at the same place is someone else too (nearer the camera)
    assertThat(t.update(List.of(at(400, 300, 200)))[0]).isNotIn(id, ids[0]);
  }

  @Test
  void smoothingHalvesAFramesWeightEveryHalfLife() {
    FaceTracker t = new FaceTracker();
    long id = t.update(List.of(at(100, 100, 60)))[0];
    assertThat(t.smooth(id, new float[] {1, 0}, 2)).containsExactly(1f, 0f); // first frame as it is
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      t.update(List.of(at(100, 100, 60)));
      out.add(t.smooth(id, new float[] {0, 1}, 2));
    }
    // after two frames (one half-life) of the new answer, the old one weighs one half
    assertThat(out.get(1)[0]).isCloseTo(0.5f, within(1e-5f));
    assertThat(out.get(1)[1]).isCloseTo(0.5f, within(1e-5f));
    assertThat(out.get(0)[0]).isCloseTo((float) Math.sqrt(0.5), within(1e-5f));
  }
}
