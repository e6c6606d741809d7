package io.emotioncluster.node.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Anchor layout, box decoding and weighted suppression on hand-made network outputs. */
class BlazeFaceDecoderTest {

  private static final int[][] SHORT = {{16, 2}, {8, 6}};

  @Test
  void anchorCountsMatchTheModels() {
    assertThat(new BlazeFaceDecoder(128, SHORT, 0.5f, 0.3f).anchorCount()).isEqualTo(896);
    assertThat(new BlazeFaceDecoder(192, new int[][] {{48, 1}}, 0.5f, 0.3f).anchorCount()).isEqualTo(2304);
  }

  @Test
  void decodesABoxAndKeypointsRelativeToItsAnchor() {
    BlazeFaceDecoder d = new BlazeFaceDecoder(128, SHORT, 0.5f, 0.3f);
    float[] scores = new float[896];
    java.util.Arrays.fill(scores, -10f);
    float[] reg = new float[896 * 16];
    // anchor 513: the second layer (8x8 cells, 6 per cell) starts at 512; 513 is cell (0,0)
    int a = 513;
    scores[a] = 3f; // sigmoid 0.953
    reg[a * 16] = 8f;      // centre x: +8 px of 128
    reg[a * 16 + 1] = -4f; // centre y
    reg[a * 16 + 2] = 32f; // width 32 px
    reg[a * 16 + 3] = 40f; // height
    reg[a * 16 + 4] = -6f; // right eye x
    reg[a * 16 + 5] = 2f;
    List<BlazeFaceDecoder.Candidate> c = d.decode(scores, reg);
    assertThat(c).hasSize(1);
    BlazeFaceDecoder.Candidate f = c.get(0);
    float ax = 0.5f / 8;
    float ay = 0.5f / 8;
    assertThat(f.score()).isCloseTo(0.9526f, within(1e-3f));
    assertThat((f.x0() + f.x1()) / 2).isCloseTo(ax + 8 / 128f, within(1e-6f));
    assertThat((f.y0() + f.y1()) / 2).isCloseTo(ay - 4 / 128f, within(1e-6f));
    assertThat(f.x1() - f.x0()).isCloseTo(32 / 128f, within(1e-6f));
    assertThat(f.y1() - f.y0()).isCloseTo(40 / 128f, within(1e-6f));
    assertThat(f.keypoints()[0]).isCloseTo(ax - 6 / 128f, within(1e-6f));
    assertThat(f.keypoints()[1]).isCloseTo(ay + 2 / 128f, within(1e-6f));
  }

  @Test
  void anchorsRunRowByRowWithTheirRepeatsTogether() {
    BlazeFaceDecoder d = new BlazeFaceDecoder(128, SHORT, 0.5f, 0.3f);
    float[] scores = new float[896];
    java.util.Arrays.fill(scores, -10f);
    float[] reg = new float[896 * 16];
    // first layer, cell (x=3, y=1), second anchor of the cell: (1 * 16 + 3) * 2 + 1
    int a = (16 + 3) * 2 + 1;
    scores[a] = 5f;
    reg[a * 16 + 2] = 10f;
    reg[a * 16 + 3] = 10f;
    BlazeFaceDecoder.Candidate f = d.decode(scores, reg).get(0);
    assertThat((f.x0() + f.x1()) / 2).isCloseTo(3.5f / 16, within(1e-6f));
    assertThat((f.y0() + f.y1()) / 2).isCloseTo(1.5f / 16, within(1e-6f));
  }

  @Test
  void weightedSuppressionAveragesOverlapsAndKeepsSeparateFaces() {
    float[] kp = new float[12];
    var a = new BlazeFaceDecoder.Candidate(0.10f, 0.10f, 0.30f, 0.30f, 0.9f, kp);
    var b = new BlazeFaceDecoder.Candidate(0.12f, 0.10f, 0.32f, 0.30f, 0.6f, kp); // overlaps a
    var far = new BlazeFaceDecoder.Candidate(0.60f, 0.60f, 0.80f, 0.80f, 0.7f, kp);
    List<BlazeFaceDecoder.Candidate> out = BlazeFaceDecoder.weightedNms(List.of(b, far, a), 0.3f);
    assertThat(out).hasSize(2);
    BlazeFaceDecoder.Candidate merged = out.get(0);
    assertThat(merged.score()).isEqualTo(0.9f); // the best box's score
    assertThat(merged.x0()).isCloseTo((0.9f * 0.10f + 0.6f * 0.12f) / 1.5f, within(1e-6f));
    assertThat(out.get(1).x0()).isCloseTo(0.60f, within(1e-6f)); // alone: unchanged
    assertThat(out.get(1).y1()).isCloseTo(0.80f, within(1e-6f));
    assertThat(out.get(1).score()).isEqualTo(0.7f);
  }

  @Test
  void lowScoresAndDegenerateBoxesAreDropped() {
    BlazeFaceDecoder d = new BlazeFaceDecoder(128, SHORT, 0.5f, 0.3f);
    float[] scores = new float[896];
    java.util.Arrays.fill(scores, -0.1f); // sigmoid just below 0.5
    float[] reg = new float[896 * 16];
    scores[7] = 1000f; // clipped, still a probability of 1 but a zero-size box
    assertThat(d.decode(scores, reg)).isEmpty();
  }
}
