package io.emotioncluster.node.data.synthfacs;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.node.model.Emotion;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExpressionSamplerTest {

  @Test
  void prototypesFollowEmfacs() {
    assertThat(EmfacsPrototypes.of(Emotion.HAPPINESS))
        .containsExactlyInAnyOrder(ActionUnit.AU6, ActionUnit.AU12);
    assertThat(EmfacsPrototypes.of(Emotion.SADNESS))
        .containsExactlyInAnyOrder(ActionUnit.AU1, ActionUnit.AU4, ActionUnit.AU15);
    assertThat(EmfacsPrototypes.of(Emotion.SURPRISE)).containsExactlyInAnyOrder(
        ActionUnit.AU1, ActionUnit.AU2, ActionUnit.AU5, ActionUnit.AU26);
    assertThat(EmfacsPrototypes.of(Emotion.FEAR)).containsExactlyInAnyOrder(ActionUnit.AU1,
        ActionUnit.AU2, ActionUnit.AU4, ActionUnit.AU5, ActionUnit.AU7, ActionUnit.AU20,
        ActionUnit.AU26);
    assertThat(EmfacsPrototypes.of(Emotion.ANGER)).containsExactlyInAnyOrder(
        ActionUnit.AU4, ActionUnit.AU5, ActionUnit.AU7, ActionUnit.AU23);
    assertThat(EmfacsPrototypes.of(Emotion.DISGUST))
        .containsExactlyInAnyOrder(ActionUnit.AU9, ActionUnit.AU15, ActionUnit.AU16);
    assertThat(EmfacsPrototypes.of(Emotion.NEUTRAL)).isEmpty();
  }

  @Test
  void easyExpressionsHaveEveryPrototypeUnitStrongly() {
    ExpressionSampler s = new ExpressionSampler(DifficultyProfile.of(0));
    SplittableRandom rng = new SplittableRandom(1);
    for (Emotion e : Emotion.all()) {
      for (int k = 0; k < 50; k++) {
        ActionUnits aus = s.sample(e, rng);
        for (ActionUnit au : ActionUnit.values()) {
          if (EmfacsPrototypes.of(e).contains(au)) {
            assertThat(aus.get(au)).as("%s %s", e, au).isGreaterThanOrEqualTo(0.7);
          } else if (!EmfacsPrototypes.optional(e).contains(au)) {
            assertThat(aus.get(au)).as("distractor %s %s", e, au).isLessThanOrEqualTo(0.15);
          }
        }
      }
    }
  }

  @Test
  void hardExpressionsSometimesMissUnitsButNeverAll() {
    ExpressionSampler s = new ExpressionSampler(DifficultyProfile.of(1));
    SplittableRandom rng = new SplittableRandom(2);
    int missing = 0;
    for (int k = 0; k < 300; k++) {
      ActionUnits aus = s.sample(Emotion.FEAR, rng);
      Set<ActionUnit> proto = EmfacsPrototypes.of(Emotion.FEAR);
      long present = proto.stream().filter(au -> aus.get(au) > 0).count();
      assertThat(present).isPositive();
      if (present < proto.size()) {
        missing++;
      }
    }
    assertThat(missing).isGreaterThan(100);
  }

  @Test
  void neutralHasOnlyWeakDistractors() {
    DifficultyProfile p = DifficultyProfile.of(0.5);
    ExpressionSampler s = new ExpressionSampler(p);
    SplittableRandom rng = new SplittableRandom(3);
    for (int k = 0; k < 200; k++) {
      ActionUnits aus = s.sample(Emotion.NEUTRAL, rng);
      for (ActionUnit au : ActionUnit.values()) {
        assertThat(aus.get(au)).isLessThanOrEqualTo(p.distractorMax());
      }
    }
  }
}
