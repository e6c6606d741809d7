package io.emotioncluster.node.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Emotion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetSplitTest {

  static List<LabeledImage> dataset(boolean withSubjects) {
    PixelImage px = new PixelImage(1, 1, 1, new byte[1]);
    List<LabeledImage> all = new ArrayList<>();
    for (int s = 0; s < 20; s++) {
      for (Emotion e : Emotion.all()) {
        for (int k = 0; k < 3; k++) {
          all.add(new LabeledImage("s" + s + "-" + e.label() + "-" + k, withSubjects ? "s" + s : null, e, px));
        }
      }
    }
    return all;
  }

  static Set<String> subjects(List<LabeledImage> part) {
    Set<String> s = new HashSet<>();
    part.forEach(i -> s.add(i.subject()));
    return s;
  }

  @Test
  void subjectIndependentWhenSubjectsAreKnown() {
    DatasetSplit split = DatasetSplit.of(dataset(true), 0.1, 0.2, 7, true);
    assertThat(split.subjectIndependent()).isTrue();
    assertThat(split.train().size() + split.validation().size() + split.test().size()).isEqualTo(420);
    Set<String> train = subjects(split.train());
    assertThat(train).doesNotContainAnyElementsOf(subjects(split.test()));
    assertThat(train).doesNotContainAnyElementsOf(subjects(split.validation()));
    assertThat(subjects(split.test())).hasSize(4);
  }

  @Test
  void stratifiedWhenSubjectsAreUnknown() {
    DatasetSplit split = DatasetSplit.of(dataset(false), 0.1, 0.2, 7, true);
    assertThat(split.subjectIndependent()).isFalse();
    for (Emotion e : Emotion.all()) {
      assertThat(split.test().stream().filter(i -> i.emotion() == e).count()).isEqualTo(12);
    }
  }

  @Test
  void sameSeedSameSplitAndFingerprint() {
    DatasetSplit a = DatasetSplit.of(dataset(true), 0.1, 0.2, 3, true);
    DatasetSplit b = DatasetSplit.of(dataset(true), 0.1, 0.2, 3, true);
    DatasetSplit c = DatasetSplit.of(dataset(true), 0.1, 0.2, 4, true);
    assertThat(a.test()).extracting(LabeledImage::id).containsExactlyElementsOf(b.test().stream().map(LabeledImage::id).toList());
    assertThat(a.testFingerprint()).isEqualTo(b.testFingerprint()).hasSize(64);
    assertThat(c.testFingerprint()).isNotEqualTo(a.testFingerprint());
  }
}
