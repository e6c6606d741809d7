package io.emotioncluster.node.data.synthfacs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SynthFacsConfigTest {

  private static final SynthFacsConfig D = SynthFacsConfig.defaults();

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertThat(D).isEqualTo(new SynthFacsConfig(60, 4, 0.5, 0L, 48, 1, "line"));
    assertThat(D.size()).isEqualTo(60 * 7 * 4);
  }

  @Test
  void withersChangeOneFieldOnly() {
    assertThat(D.withSeed(9)).isEqualTo(new SynthFacsConfig(60, 4, 0.5, 9, 48, 1, "line"));
    assertThat(D.withSubjects(3).subjects()).isEqualTo(3);
    assertThat(D.withImagesPerEmotion(2).imagesPerEmotion()).isEqualTo(2);
    assertThat(D.withDifficulty(0.25).difficulty()).isEqualTo(0.25);
    assertThat(D.withImageSize(64).imageSize()).isEqualTo(64);
    assertThat(D.withChannels(3).channels()).isEqualTo(3);
    assertThat(D.withStyle("shaded").style()).isEqualTo("shaded");
    assertThat(D.withStyle("shaded").withSeed(9).seed()).isEqualTo(9);
  }

  @Test
  void rejectsBadSubjectsAndImageCounts() {
    assertThatThrownBy(() -> D.withSubjects(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subjects");
    assertThatThrownBy(() -> D.withImagesPerEmotion(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imagesPerEmotion");
    assertThatThrownBy(() -> new SynthFacsConfig(Integer.MAX_VALUE / 2, 4, 0.5, 0, 48, 1, "line"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
  }

  @Test
  void rejectsDifficultyOutsideUnitIntervalAndNaN() {
    for (double d : new double[] {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> D.withDifficulty(d))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("difficulty");
    }
    assertThat(D.withDifficulty(0).difficulty()).isZero();
    assertThat(D.withDifficulty(1).difficulty()).isEqualTo(1.0);
  }

  @Test
  void rejectsBadImageSizeChannelsAndStyle() {
    assertThatThrownBy(() -> D.withImageSize(15))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imageSize");
    assertThatThrownBy(() -> D.withImageSize(513))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imageSize");
    assertThat(D.withImageSize(16).imageSize()).isEqualTo(16);
    assertThat(D.withImageSize(512).imageSize()).isEqualTo(512);
    assertThatThrownBy(() -> D.withChannels(2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channels");
    assertThatThrownBy(() -> D.withStyle("photo"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("style")
        .hasMessageContaining("photo");
    assertThatThrownBy(() -> D.withStyle(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void canonicalTextIsLocaleIndependentAndComplete() {
    assertThat(D.canonical()).isEqualTo(
        "subjects=60;imagesPerEmotion=4;difficulty=0.5;seed=0;imageSize=48;channels=1;style=line");
  }
}
