package io.emotioncluster.node.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.ServiceException.Kind;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.image.PngCodec;
import io.emotioncluster.node.model.Emotion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderLoaderTest {

  @TempDir
  Path tmp;
  final ImageFolderLoader loader = new ImageFolderLoader();

  static PixelImage gray(int seed) {
    byte[] px = new byte[8 * 6];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 5 + seed);
    }
    return new PixelImage(8, 6, 1, px);
  }

  static void png(Path file, PixelImage img) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, PngCodec.encode(img));
  }

  /** Aliases in mixed case, a nested folder, a corrupt PNG, a non-emotion folder, litter. */
  Path mixedFolder() throws IOException {
    Path dir = tmp.resolve("mixed");
    png(dir.resolve("angry/a1.png"), gray(1));
    png(dir.resolve("happy/h1.PNG"), gray(2));
    png(dir.resolve("Surprised/session2/deeper/s1.png"), gray(3));
    png(dir.resolve("contempt/c1.png"), gray(4));
    Files.createDirectories(dir.resolve("sad"));
    Files.write(dir.resolve("sad/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
    Files.writeString(dir.resolve("happy/notes.txt"), "labels checked by hand");
    Files.writeString(dir.resolve("README.md"), "my dataset");
    Files.writeString(dir.resolve("angry/._a1.png"), "macOS resource fork, not an image");
    png(dir.resolve("angry/.ipynb_checkpoints/a1-checkpoint.png"), gray(9));
    return dir;
  }

  @Test
  void loadsAliasedCaseInsensitiveAndNestedFoldersInIdOrder() throws IOException {
    LoadedDataset ds = loader.load(mixedFolder(), "");

    assertThat(ds.images()).extracting(LabeledImage::id)
        .containsExactly("Surprised/session2/deeper/s1.png", "angry/a1.png", "happy/h1.PNG");
    assertThat(ds.images()).extracting(LabeledImage::emotion)
        .containsExactly(Emotion.SURPRISE, Emotion.ANGER, Emotion.HAPPINESS);
    assertThat(ds.images()).extracting(LabeledImage::subject).containsOnlyNulls();
    PixelImage a1 = ds.images().get(1).image();
    assertThat(a1.channels()).isEqualTo(1);
    assertThat(a1.pixels()).isEqualTo(gray(1).pixels());
    assertThat(ds.predefinedSplit()).isEmpty();
    assertThat(ds.predefined()).isEmpty();
    assertThat(ds.fingerprint()).matches("[0-9a-f]{64}");
  }

  @Test
  void reportsCorruptAndNonImageFilesAndIgnoredFolders() throws IOException {
    LoadReport r = loader.load(mixedFolder(), null).report();

    assertThat(r.loaded()).isEqualTo(3);
    assertThat(r.skipped()).isEqualTo(2);
    assertThat(r.firstSkipped()).hasSize(2);
    assertThat(r.firstSkipped().get(0)).startsWith("happy/notes.txt: not an image file");
    assertThat(r.firstSkipped().get(1)).startsWith("sad/broken.png: image");
    assertThat(r.perClass()).containsEntry("anger", 1).containsEntry("happiness", 1)
        .containsEntry("surprise", 1).containsEntry("sadness", 0).containsEntry("neutral", 0);
    assertThat(r.ignored()).containsExactly("contempt: not one of the seven emotions",
        "1 file(s) directly in the dataset folder (images belong in an emotion folder)");
  }

  @Test
  void fingerprintIsStableMovesWithTheDataAndChangesWithContent() throws IOException {
    Path dir = mixedFolder();
    String first = loader.load(dir, null).fingerprint();
    assertThat(loader.load(dir, null).fingerprint()).isEqualTo(first);

    Path copy = tmp.resolve("copy");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Path target = copy.resolve(dir.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target);
      }
    }
    assertThat(loader.load(copy, null).fingerprint()).isEqualTo(first);

    png(dir.resolve("angry/a1.png"), gray(7)); // same name, other pixels
    String edited = loader.load(dir, null).fingerprint();
    assertThat(edited).isNotEqualTo(first);

    png(dir.resolve("neutral/n1.png"), gray(1));
    assertThat(loader.load(dir, null).fingerprint()).isNotEqualTo(edited);

    Files.delete(dir.resolve("neutral/n1.png"));
    assertThat(loader.load(dir, null).fingerprint()).isEqualTo(edited);
  }

  @Test
  void subjectPatternTakesGroupOneOfTheFileNameAndSkipsNonMatching() throws IOException {
    SynthFacsConfig cfg = SynthFacsConfig.defaults().withSubjects(3).withImagesPerEmotion(1)
        .withImageSize(16);
    Path dir = new SynthFacs(cfg).writeImageFolder(tmp.resolve("synth"));
    png(dir.resolve("happy/unnamed.png"), gray(1));

    LoadedDataset ds = loader.load(dir, "^s(\\d+)-");

    assertThat(ds.images()).hasSize(21);
    assertThat(ds.images()).extracting(LabeledImage::subject).containsOnly("000", "001", "002");
    assertThat(ds.images()).filteredOn(i -> i.id().equals("fear/s002-fear-0.png"))
        .singleElement().satisfies(i -> {
          assertThat(i.subject()).isEqualTo("002");
          assertThat(i.emotion()).isEqualTo(Emotion.FEAR);
          assertThat(i.image().width()).isEqualTo(16);
        });
    assertThat(ds.report().skipped()).isEqualTo(1);
    assertThat(ds.report().firstSkipped()).containsExactly(
        "happy/unnamed.png: file name does not match subject pattern ^s(\\d+)-");
    assertThat(ds.report().perClass().values()).containsOnly(3);
    // Known subjects make the random split subject-independent.
    assertThat(DatasetSplit.of(ds.images(), 0.0, 0.34, 1, true).subjectIndependent()).isTrue();

    // Without a pattern every file loads, subject unknown; the pattern is part of the fingerprint.
    LoadedDataset plain = loader.load(dir, "  ");
    assertThat(plain.images()).hasSize(22).extracting(LabeledImage::subject).containsOnlyNulls();
    assertThat(plain.fingerprint()).isNotEqualTo(ds.fingerprint());
  }

  @Test
  void kdefStylePatternMatchesTheFileNameNotTheFolders() throws IOException {
    Path dir = tmp.resolve("kdef");
    png(dir.resolve("afraid/AF01AFS.png"), gray(1));
    png(dir.resolve("happy/BM22HAS.png"), gray(2));
    LoadedDataset ds = loader.load(dir, "^(\\w{4})");
    assertThat(ds.images()).extracting(LabeledImage::subject).containsExactly("AF01", "BM22");
    assertThat(ds.images()).extracting(LabeledImage::emotion)
        .containsExactly(Emotion.FEAR, Emotion.HAPPINESS);
  }

  @Test
  void badSubjectPatternsAreInvalidInputBeforeAnyFileIsRead() {
    Path nowhere = tmp.resolve("not-even-there");
    assertThatThrownBy(() -> loader.load(nowhere, "^s(\\d+-"))
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
          assertThat(e.getMessage()).contains("'^s(\\d+-'", "not a valid regular expression",
              "example");
        });
    assertThatThrownBy(() -> loader.load(nowhere, "^s\\d+-"))
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
          assertThat(e.getMessage()).contains("no capturing group", "parentheses");
        });
  }

  @Test
  void folderWithoutEmotionFoldersIsInvalidInputListingWhatWasFound() throws IOException {
    Path dir = tmp.resolve("flat");
    png(dir.resolve("img1.png"), gray(1));
    png(dir.resolve("contempt/c.png"), gray(2));
    assertThatThrownBy(() -> loader.load(dir, null))
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
          assertThat(e.getMessage()).contains("expected one folder per emotion: anger, disgust",
              "angry", "contempt", "1 file(s) directly");
        });
  }

  @Test
  void folderWhereNothingDecodesIsInvalidInputWithTheReasons() throws IOException {
    Path dir = tmp.resolve("bad");
    Files.createDirectories(dir.resolve("happy"));
    Files.writeString(dir.resolve("happy/x.jpg"), "<html>404</html>");
    assertThatThrownBy(() -> loader.load(dir, null))
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
          assertThat(e.getMessage()).contains("no image could be loaded", "happy/x.jpg",
              "skipped 1");
        });
  }

  @Test
  void symbolicLinksInsideTheDatasetAreNotFollowed() throws IOException {
    Path dir = tmp.resolve("links");
    png(dir.resolve("happy/real.png"), gray(1));
    Path outside = tmp.resolve("outside");
    png(outside.resolve("elsewhere.png"), gray(2));
    Files.createSymbolicLink(dir.resolve("happy/link.png"), outside.resolve("elsewhere.png"));
    Files.createSymbolicLink(dir.resolve("happy/linkdir"), outside);
    Files.createSymbolicLink(dir.resolve("sad"), outside);

    LoadedDataset ds = loader.load(dir, null);

    assertThat(ds.images()).extracting(LabeledImage::id).containsExactly("happy/real.png");
    assertThat(ds.report().firstSkipped()).hasSize(2).allMatch(s -> s.contains("symbolic link"));
    assertThat(ds.report().ignored()).containsExactly("sad: symbolic link, not followed");
  }

  @Test
  void aFileInsteadOfAFolderIsInvalidInput() throws IOException {
    Path file = Files.writeString(tmp.resolve("fer2013.csv"), "emotion,pixels\n");
    assertThatThrownBy(() -> loader.load(file, null))
        .isInstanceOfSatisfying(ServiceException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT));
  }
}
