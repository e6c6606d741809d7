package io.emotioncluster.node.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.ServiceException.Kind;
import io.emotioncluster.node.model.Emotion;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fer2013LoaderTest {

  @TempDir
  Path tmp;
  final Fer2013Loader loader = new Fer2013Loader();

  /** 2304 values, pixel i = (i + shift) mod 256. */
  static String pixels(int shift, int count) {
    StringJoiner j = new StringJoiner(" ");
    for (int i = 0; i < count; i++) {
      j.add(Integer.toString((i + shift) % 256));
    }
    return j.toString();
  }

  static String pixels(int shift) {
    return pixels(shift, Fer2013Loader.PIXELS);
  }

  Path csv(String name, String... lines) throws IOException {
    return Files.writeString(tmp.resolve(name), String.join("\n", lines) + "\n");
  }

  /** Rows 1, 2, 5 and 9 are good; the rest each break one rule. */
  Path mixed() throws IOException {
    return csv("fer2013.csv",
        "emotion,pixels,Usage",
        "0," + pixels(0) + ",Training",                 // row-1 good, anger
        "3," + pixels(1) + ",PublicTest",               // row-2 good, happiness
        "4," + pixels(2, 2303) + ",Training",           // row-3 one pixel short
        "7," + pixels(3) + ",Training",                 // row-4 label out of range
        "6," + pixels(4) + ",PrivateTest",              // row-5 good, neutral
        "x," + pixels(5) + ",Training",                 // row-6 label not a number
        "1," + pixels(0).replaceFirst("^0 ", "zero ") + ",Training", // row-7 non-number pixel
        "2," + pixels(7).replaceFirst("^7 ", "256 ") + ",Training",  // row-8 pixel > 255
        "5," + pixels(8) + ",Training",                 // row-9 good, surprise
        "5," + pixels(9) + ",Extra",                    // row-10 unknown Usage
        "1");                                           // row-11 too few columns
  }

  @Test
  void loadsGoodRowsAsGray48x48AndReportsBadOnes() throws IOException {
    LoadedDataset ds = loader.load(mixed(), true);

    assertThat(ds.images()).extracting(LabeledImage::id)
        .containsExactly("row-1", "row-2", "row-5", "row-9");
    assertThat(ds.images()).extracting(LabeledImage::emotion)
        .containsExactly(Emotion.ANGER, Emotion.HAPPINESS, Emotion.NEUTRAL, Emotion.SURPRISE);
    assertThat(ds.images()).extracting(LabeledImage::subject).containsOnlyNulls();
    LabeledImage happy = ds.images().get(1);
    assertThat(happy.image().width()).isEqualTo(48);
    assertThat(happy.image().height()).isEqualTo(48);
    assertThat(happy.image().channels()).isEqualTo(1);
    assertThat(happy.image().get(0, 0, 0)).isEqualTo(1);
    assertThat(happy.image().get(47, 47, 0)).isEqualTo((2303 + 1) % 256);

    LoadReport r = ds.report();
    assertThat(r.loaded()).isEqualTo(4);
    assertThat(r.skipped()).isEqualTo(7);
    assertThat(r.firstSkipped()).containsExactly(
        "row-3: expected 2304 pixel values (48x48), found 2303",
        "row-4: emotion 7 is outside 0..6",
        "row-6: emotion 'x' is not a number 0..6",
        "row-7: pixel 1 'zero' is not a whole number 0..255",
        "row-8: pixel 1 '256' is outside 0..255",
        "row-10: Usage 'Extra' is not Training, PublicTest or PrivateTest",
        "row-11: expected 3 columns, found 1");
    assertThat(r.perClass()).containsEntry("anger", 1).containsEntry("happiness", 1)
        .containsEntry("neutral", 1).containsEntry("surprise", 1).containsEntry("fear", 0);
  }

  @Test
  void usageColumnBecomesThePredefinedSplit() throws IOException {
    LoadedDataset ds = loader.load(mixed(), true);

    assertThat(ds.predefinedSplit()).containsOnly(
        java.util.Map.entry("row-1", LoadedDataset.TRAIN),
        java.util.Map.entry("row-2", LoadedDataset.VALIDATION),
        java.util.Map.entry("row-5", LoadedDataset.TEST),
        java.util.Map.entry("row-9", LoadedDataset.TRAIN));
    DatasetSplit split = ds.predefined().orElseThrow();
    assertThat(split.train()).extracting(LabeledImage::id).containsExactly("row-1", "row-9");
    assertThat(split.validation()).extracting(LabeledImage::id).containsExactly("row-2");
    assertThat(split.test()).extracting(LabeledImage::id).containsExactly("row-5");
    assertThat(split.subjectIndependent()).isFalse();
    assertThat(split.testFingerprint()).isEqualTo(DatasetSplit.fingerprint(split.test()));
  }

  @Test
  void withoutUsageSplitTheUsageValueIsNotChecked() throws IOException {
    LoadedDataset with = loader.load(mixed(), true);
    LoadedDataset without = loader.load(mixed(), false);

    assertThat(without.predefinedSplit()).isEmpty();
    assertThat(without.predefined()).isEmpty();
    assertThat(without.images()).extracting(LabeledImage::id)
        .containsExactly("row-1", "row-2", "row-5", "row-9", "row-10");
    assertThat(without.report().firstSkipped()).contains("row-11: expected 2 columns, found 1");
    assertThat(without.fingerprint()).isNotEqualTo(with.fingerprint());
    assertThat(loader.load(mixed(), true).fingerprint()).isEqualTo(with.fingerprint());
  }

  @Test
  void csvWithoutUsageColumnLoadsUnlessTheSplitIsRequested() throws IOException {
    Path file = csv("two-columns.csv", "emotion,pixels", "2," + pixels(0), "5," + pixels(1));

    LoadedDataset ds = loader.load(file, false);
    assertThat(ds.images()).extracting(LabeledImage::emotion)
        .containsExactly(Emotion.FEAR, Emotion.SURPRISE);
    assertThat(ds.predefinedSplit()).isEmpty();
    assertThat(ds.report().skipped()).isZero();

    assertThatThrownBy(() -> loader.load(file, true))
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
          assertThat(e.getMessage()).contains("no Usage column", "two-columns.csv");
        });
  }

  @Test
  void headerIsMatchedByNameInAnyOrderAndCaseWithBomQuotesAndCrLf() throws IOException {
    Path file = tmp.resolve("icml_face_data.csv");
    Files.writeString(file, "\uFEFFEmotion, Usage, Pixels\r\n"
        + "3,Training,\"" + pixels(0) + "\"\r\n"
        + "\r\n" // a blank line is passed over but counted, so ids stay line numbers
        + "0, PrivateTest ," + pixels(1) + "\r\n", StandardCharsets.UTF_8);

    LoadedDataset ds = loader.load(file, true);

    assertThat(ds.images()).extracting(LabeledImage::id).containsExactly("row-1", "row-3");
    assertThat(ds.images()).extracting(LabeledImage::emotion)
        .containsExactly(Emotion.HAPPINESS, Emotion.ANGER);
    assertThat(ds.predefinedSplit()).containsEntry("row-1", "train").containsEntry("row-3", "test");
    assertThat(ds.report().skipped()).isZero();
  }

  @Test
  void fingerprintFollowsTheDataNotTheFormatting() throws IOException {
    Path a = csv("a.csv", "emotion,pixels", "2," + pixels(0));
    Path b = csv("b.csv", "emotion , pixels", "2,  " + pixels(0).replace(" ", "  "));
    Path c = csv("c.csv", "emotion,pixels", "2," + pixels(1));
    String fa = loader.load(a, false).fingerprint();
    assertThat(loader.load(b, false).fingerprint()).isEqualTo(fa);
    assertThat(loader.load(c, false).fingerprint()).isNotEqualTo(fa);
  }

  @Test
  void overlongLineIsSkippedNotHeldInMemory() throws IOException {
    Path file = csv("long.csv", "emotion,pixels",
        "0," + "1 ".repeat(Fer2013Loader.MAX_LINE_CHARS), "1," + pixels(0));
    LoadedDataset ds = loader.load(file, false);
    assertThat(ds.images()).extracting(LabeledImage::id).containsExactly("row-2");
    assertThat(ds.report().firstSkipped()).singleElement().asString()
        .startsWith("row-1: line longer than");
  }

  @Test
  void streamsAFileOfManyRows() throws IOException {
    Path file = tmp.resolve("big.csv");
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("emotion,pixels,Usage\n");
      for (int i = 0; i < 2000; i++) {
        w.write((i % 7) + "," + pixels(i) + "," + (i % 10 == 0 ? "PrivateTest" : "Training") + "\n");
      }
    }
    LoadedDataset ds = loader.load(file, true);
    assertThat(ds.images()).hasSize(2000);
    assertThat(ds.report().perClass().values()).allMatch(n -> n >= 285);
    assertThat(ds.predefined().orElseThrow().test()).hasSize(200);
    assertThat(ds.images().get(1999).image().get(0, 0, 0)).isEqualTo(1999 % 256);
  }

  @Test
  void missingEmptyOrHeaderlessFilesAreRefusedClearly() throws IOException {
    assertThatThrownBy(() -> loader.load(tmp.resolve("none.csv"), false))
        .isInstanceOfSatisfying(ServiceException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    Path empty = Files.writeString(tmp.resolve("empty.csv"), "");
    assertThatThrownBy(() -> loader.load(empty, false))
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
          assertThat(e.getMessage()).contains("is empty");
        });
    Path headerless = csv("headerless.csv", "0," + pixels(0) + ",Training");
    assertThatThrownBy(() -> loader.load(headerless, false))
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
          assertThat(e.getMessage()).contains("header naming the columns emotion,pixels", "'0,0 1 2");
        });
    Path onlyBad = csv("bad.csv", "emotion,pixels", "9," + pixels(0));
    assertThatThrownBy(() -> loader.load(onlyBad, false))
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
          assertThat(e.getMessage()).contains("no row", "row-1: emotion 9 is outside 0..6");
        });
    assertThatThrownBy(() -> loader.load(tmp, false))
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
          assertThat(e.getMessage()).contains("is a folder");
        });
  }
}
