package io.emotioncluster.node.data.synthfacs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DifficultyProfileTest {

  @Test
  void easyEndIsCleanAndStrong() {
    DifficultyProfile p = DifficultyProfile.of(0);
    assertThat(p.intensityMin()).isGreaterThanOrEqualTo(0.8);
    assertThat(p.auDropout()).isZero();
    assertThat(p.maxRollDegrees()).isZero();
    assertThat(p.maxShift()).isZero();
    assertThat(p.lightingStrength()).isZero();
    assertThat(p.maxBlurSigma()).isZero();
    assertThat(p.noiseSigma()).isPositive();
  }

  @Test
  void midpointIsHalfWayOnEveryKnob() {
    DifficultyProfile e = DifficultyProfile.of(0);
    DifficultyProfile m = DifficultyProfile.of(0.5);
    DifficultyProfile h = DifficultyProfile.of(1);
    assertThat(m.intensityMin()).isCloseTo((e.intensityMin() + h.intensityMin()) / 2, within(1e-9));
    assertThat(m.maxRollDegrees()).isCloseTo(10, within(1e-9));
    assertThat(m.noiseSigma()).isCloseTo((e.noiseSigma() + h.noiseSigma()) / 2, within(1e-9));
  }

  @Test
  void harderMeansWeakerExpressionsAndMoreNuisance() {
    DifficultyProfile prev = DifficultyProfile.of(0);
    for (int k = 1; k <= 10; k++) {
      DifficultyProfile p = DifficultyProfile.of(k / 10.0);
      assertThat(p.intensityMin()).isLessThan(prev.intensityMin());
      assertThat(p.intensityMax()).isLessThan(prev.intensityMax());
      assertThat(p.auDropout()).isGreaterThan(prev.auDropout());
      assertThat(p.distractorProbability()).isGreaterThan(prev.distractorProbability());
      assertThat(p.distractorMax()).isGreaterThan(prev.distractorMax());
      assertThat(p.maxRollDegrees()).isGreaterThan(prev.maxRollDegrees());
      assertThat(p.lightingStrength()).isGreaterThan(prev.lightingStrength());
      assertThat(p.maxBlurSigma()).isGreaterThan(prev.maxBlurSigma());
      assertThat(p.noiseSigma()).isGreaterThan(prev.noiseSigma());
      prev = p;
    }
  }

  @Test
  void rejectsInvalidKnobs() {
    assertThatThrownBy(() -> DifficultyProfile.of(1.5)).isInstanceOf(IllegalArgumentException.class);
    DifficultyProfile p = DifficultyProfile.of(0.5);
    assertThatThrownBy(() -> new DifficultyProfile(0.9, 0.5, p.auDropout(),
        p.distractorProbability(), p.distractorMax(), p.restingBias(), p.maxRollDegrees(),
        p.scaleJitter(), p.maxShift(), p.lightingStrength(), p.exposureJitter(),
        p.maxBlurSigma(), p.noiseSigma()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intensityMin");
    assertThatThrownBy(() -> new DifficultyProfile(p.intensityMin(), p.intensityMax(), 2,
        p.distractorProbability(), p.distractorMax(), p.restingBias(), p.maxRollDegrees(),
        p.scaleJitter(), p.maxShift(), p.lightingStrength(), p.exposureJitter(),
        p.maxBlurSigma(), p.noiseSigma()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auDropout");
  }
}
