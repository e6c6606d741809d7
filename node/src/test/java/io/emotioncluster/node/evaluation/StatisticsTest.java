package io.emotioncluster.node.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotioncluster.node.training.EvaluationMetrics;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatisticsTest {

  @Test
  void erfcAndChiSquareMatchTables() {
    assertThat(Statistics.erfc(0)).isCloseTo(1.0, within(1e-7));
    assertThat(Statistics.erfc(1)).isCloseTo(0.157299207, within(1e-6));
    assertThat(Statistics.chiSquare1Survival(3.841459)).isCloseTo(0.05, within(1e-5));
  }

  @Test
  void mcNemarExactAndAsymptotic() {
    // identical predictions: no evidence of a difference
    int[] truth = {0, 1, 2, 3};
    assertThat(Statistics.mcNemar(truth, truth, truth)).isEqualTo(1.0);
    // 10 discordant pairs all favouring b: exact two-sided p = 2 * 0.5^10
    int[] t = new int[10];
    int[] wrong = new int[10];
    java.util.Arrays.fill(wrong, 1);
    assertThat(Statistics.mcNemar(t, wrong, t)).isCloseTo(2 * Math.pow(0.5, 10), within(1e-12));
    // 100 discordant, 60 vs 40: chi2 = (|60-40|-1)^2/100 = 3.61 -> p ~ 0.0574
    int[] truth2 = new int[100];
    int[] a = new int[100];
    int[] b = new int[100];
    for (int i = 0; i < 100; i++) {
      if (i < 60) {
        b[i] = 1; // a right, b wrong
      } else {
        a[i] = 1; // b right, a wrong
      }
    }
    assertThat(Statistics.mcNemar(truth2, a, b)).isCloseTo(0.0574, within(5e-4));
  }

  @Test
  void bootstrapIntervalBracketsThePointEstimate() {
    Random r = new Random(1);
    int[] truth = new int[400];
    int[] pred = new int[400];
    for (int i = 0; i < truth.length; i++) {
      truth[i] = r.nextInt(7);
      pred[i] = r.nextDouble() < 0.7 ? truth[i] : r.nextInt(7);
    }
    EvaluationMetrics m = EvaluationMetrics.of(truth, pred);
    Statistics.Interval ci = Statistics.bootstrap(truth, pred, 500, 3);
    assertThat(ci.accuracyLow()).isLessThan(m.accuracy()).isGreaterThan(m.accuracy() - 0.1);
    assertThat(ci.accuracyHigh()).isGreaterThan(m.accuracy()).isLessThan(m.accuracy() + 0.1);
    assertThat(ci.macroF1Low()).isLessThan(m.macroF1());
    assertThat(ci.macroF1High()).isGreaterThan(m.macroF1());
    assertThat(Statistics.bootstrap(truth, pred, 500, 3)).isEqualTo(ci); // seeded
  }
}
