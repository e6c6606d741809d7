package io.emotioncluster.node.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.node.model.Emotion;
import org.junit.jupiter.api.Test;

class LoadReportTest {

  @Test
  void countsAllClassesInEnumOrderAndKeepsOnlyTheFirstSkipped() {
    LoadReport.Builder b = LoadReport.builder();
    b.loaded(Emotion.NEUTRAL).loaded(Emotion.ANGER).loaded(Emotion.ANGER);
    for (int i = 0; i < 25; i++) {
      b.skipped("f" + i, "corrupt");
    }
    b.ignored("contempt: not one of the seven emotions");
    LoadReport r = b.build();

    assertThat(r.loaded()).isEqualTo(3);
    assertThat(r.skipped()).isEqualTo(25);
    assertThat(r.firstSkipped()).hasSize(LoadReport.MAX_EXAMPLES).startsWith("f0: corrupt");
    assertThat(r.perClass().keySet()).containsExactly("anger", "disgust", "fear", "happiness",
        "sadness", "surprise", "neutral");
    assertThat(r.perClass()).containsEntry("anger", 2).containsEntry("neutral", 1)
        .containsEntry("fear", 0);
    assertThat(r.summary()).startsWith("loaded 3 (anger 2, disgust 0")
        .contains("skipped 25: f0: corrupt", "; ...", "ignored: contempt");
  }
}
