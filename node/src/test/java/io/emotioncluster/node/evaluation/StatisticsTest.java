package io.emotioncluster.node.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

  @Test
  void studentTQuantilesMatchTheTable() {
    // t(0.975, df) from any printed t table
    assertThat(Statistics.tQuantile975(1)).isCloseTo(12.706, within(1e-3));
    assertThat(Statistics.tQuantile975(4)).isCloseTo(2.776, within(1e-3));
    assertThat(Statistics.tQuantile975(30)).isCloseTo(2.042, within(1e-3));
    assertThat(Statistics.logGamma(5)).isCloseTo(Math.log(24), within(1e-12));
  }

  @Test
  void tIntervalByHand() {
    // 1..5: mean 3, s = sqrt(10 / 4) = 1.5811, s / sqrt(5) = 0.70711, half width 2.77645 * 0.70711 = 1.96324
    Statistics.MeanInterval ci = Statistics.tInterval(new double[] {1, 2, 3, 4, 5});
    assertThat(ci.mean()).isEqualTo(3.0);
    assertThat(ci.low()).isCloseTo(1.03676, within(1e-4));
    assertThat(ci.high()).isCloseTo(4.96324, within(1e-4));
    assertThat(ci.n()).isEqualTo(5);
    // two equal values: zero width
    Statistics.MeanInterval flat = Statistics.tInterval(new double[] {0.7, 0.7});
    assertThat(flat.low()).isCloseTo(0.7, within(1e-12));
    assertThat(flat.high()).isCloseTo(0.7, within(1e-12));
    assertThatThrownBy(() -> Statistics.tInterval(new double[] {1})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pairedDifferenceAndTTestByHand() {
    // five seeds; differences 0.04, 0.01, 0.04, 0.05, 0.01: mean 0.03, s = sqrt(0.0014 / 4) = 0.018708,
    // t = 0.03 / (0.018708 / sqrt 5) = 3.5857 on 4 df -> two-sided p = 0.0231;
    // interval 0.03 +- 2.77645 * 0.0083666 = [0.00677, 0.05323]
    double[] baseline = {0.70, 0.72, 0.68, 0.74, 0.71};
    double[] augmented = {0.74, 0.73, 0.72, 0.79, 0.72};
    Statistics.MeanInterval d = Statistics.tInterval(Statistics.differences(baseline, augmented));
    assertThat(d.mean()).isCloseTo(0.03, within(1e-12));
    assertThat(d.low()).isCloseTo(0.00677, within(1e-4));
    assertThat(d.high()).isCloseTo(0.05323, within(1e-4));
    assertThat(Statistics.pairedTTest(baseline, augmented)).isCloseTo(0.0231, within(2e-4));
    // differences 1..5: t = 3 / 0.70711 = 4.2426 on 4 df -> p = 0.01324
    assertThat(Statistics.pairedTTest(new double[5], new double[] {1, 2, 3, 4, 5})).isCloseTo(0.01324, within(1e-4));
    // symmetric in sign, 1 when nothing differs
    assertThat(Statistics.pairedTTest(augmented, baseline)).isCloseTo(0.0231, within(2e-4));
    assertThat(Statistics.pairedTTest(baseline, baseline)).isEqualTo(1.0);
  }

  @Test
  void mcNemarTextbookValues() {
    // exact: 12 discordant pairs split 10 / 2 -> p = 2 * (C(12,0) + C(12,1) + C(12,2)) / 2^12 = 158 / 4096
    assertThat(Statistics.mcNemar(10, 2)).isCloseTo(158.0 / 4096, within(1e-12));
    // the worked example in most texts (b = 121, c = 59): chi2 with continuity correction
    // (|121 - 59| - 1)^2 / 180 = 20.672 -> p = 5.45e-6
    assertThat(Statistics.mcNemar(121, 59)).isCloseTo(5.45e-6, within(0.05e-6));
    assertThat(Statistics.mcNemar(0, 0)).isEqualTo(1.0);
  }
}
