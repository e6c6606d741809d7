package io.emotioncluster.node.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotioncluster.api.v1.CompareResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The experiment statistics on predictions small enough to work out by hand. */
class ExperimentComparisonTest {

  static final int[] TRUTH = {0, 1, 2, 3};

  static CompareResponse compare(int budget) {
    return ExperimentComparison.of("job-1", budget, "f".repeat(64), TRUTH,
        List.of(new ExperimentComparison.Run(2, "v2", new int[] {0, 0, 0, 0}),   // 1 of 4 right
            new ExperimentComparison.Run(1, "v1", new int[] {0, 1, 0, 0})),      // 2 of 4
        List.of(new ExperimentComparison.Run(1, "v3", new int[] {0, 1, 2, 0}),   // 3 of 4
            new ExperimentComparison.Run(2, "v4", new int[] {0, 1, 0, 0})),      // 2 of 4
        "generator v9, 10 per class", new int[] {5, 5, 5, 5, 5, 5, 5});
  }

  @Test
  void armsPairedDifferenceAndPooledMcNemarByHand() {
    CompareResponse c = compare(0);
    // baseline 0.50 and 0.25 (seed order 1, 2): mean 0.375, s = 0.17678, t(0.975, 1) = 12.706:
    // the interval (-1.21, 1.96) is cut to [0, 1]
    assertThat(c.getBaseline().getSeedsList()).containsExactly(1L, 2L);
    assertThat(c.getBaseline().getVersionIdsList()).containsExactly("v1", "v2");
    assertThat(c.getBaseline().getSeedAccuracyList()).containsExactly(0.5, 0.25);
    assertThat(c.getBaseline().getAccuracy()).isCloseTo(0.375, within(1e-12));
    assertThat(c.getBaseline().getAccuracyCiLow()).isEqualTo(0.0);
    assertThat(c.getBaseline().getAccuracyCiHigh()).isEqualTo(1.0);
    assertThat(c.getCandidate().getAccuracy()).isCloseTo(0.625, within(1e-12));
    // differences 0.25 and 0.25: no spread, so the interval is the point and the test says 0
    assertThat(c.getAccuracyDelta()).isCloseTo(0.25, within(1e-12));
    assertThat(c.getAccuracyDeltaCiLow()).isCloseTo(0.25, within(1e-12));
    assertThat(c.getAccuracyDeltaCiHigh()).isCloseTo(0.25, within(1e-12));
    assertThat(c.getPValue()).isEqualTo(0.0);
    // pooled pairs: seed 1 image 2 and seed 2 image 1 are right only when augmented -> b = 0, c = 2,
    // exact two-sided p = 2 * 0.5^2 = 0.5
    assertThat(c.getMcnemarBaselineOnly()).isZero();
    assertThat(c.getMcnemarCandidateOnly()).isEqualTo(2);
    assertThat(c.getMcnemarPValue()).isCloseTo(0.5, within(1e-12));
    // pooled confusion: 8 predictions per arm; baseline predicted class 0 seven times
    assertThat(c.getBaseline().getMetrics().getConfusionMatrixList().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
    assertThat(c.getBaseline().getMetrics().getConfusionMatrix(0)).isEqualTo(2); // true 0 -> 0, both seeds
    // per-class F1 of the pooled predictions: class 1 goes from 2/3 (baseline: 1 of 2 found, no
    // false positive) to 1 (augmented: both found)
    assertThat(c.getPerClassF1Delta(1)).isCloseTo(1.0 - 2.0 / 3, within(1e-12));
    assertThat(c.getMarkdown()).contains("| 1 | 50.00 | 75.00 | +25.00 |", "| 2 | 25.00 | 50.00 | +25.00 |",
        "| Difference (paired by seed) | +25.00 [+25.00, +25.00] |", "p = 0.5000")
        .contains("(0 right only in the baseline, 2 only when augmented)");
  }

  @Test
  void theHeadlineIsTheLargestBudgetAndTheCurveIsOrdered() {
    CompareResponse all = ExperimentComparison.combine(List.of(compare(0), compare(10), compare(3)));
    assertThat(all.getRealPerClass()).isZero();
    assertThat(all.getLearningCurveList()).extracting(CompareResponse::getRealPerClass).containsExactly(3, 10, 0);
    assertThat(all.getMarkdown()).contains("**Learning curve**", "| 3 |", "| 10 |", "| all |");
    CompareResponse budgets = ExperimentComparison.combine(List.of(compare(40), compare(10)));
    assertThat(budgets.getRealPerClass()).isEqualTo(40);
    assertThat(ExperimentComparison.combine(List.of(compare(0))).getLearningCurveCount()).isZero();
  }
}
