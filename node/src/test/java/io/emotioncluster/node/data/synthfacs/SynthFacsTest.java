package io.emotioncluster.node.data.synthfacs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Emotion;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthFacsTest {

  private static final SynthFacsConfig SMALL = new SynthFacsConfig(3, 2, 0.5, 42L, 32, 1, "line");

  @Test
  void sizeAndOrderAreSubjectMajorThenEmotionThenIndex() {
    SynthFacs facs = new SynthFacs(SMALL);
    assertThat(facs.size()).isEqualTo(3 * 7 * 2);
    SynthFace f = facs.get(facs.indexOf(2, Emotion.SADNESS, 1));
    assertThat(f.subjectId()).isEqualTo(2);
    assertThat(f.emotion()).isEqualTo(Emotion.SADNESS);
    assertThat(f.index()).isEqualTo(1);
    assertThat(facs.indexOf(0, Emotion.ANGER, 0)).isZero();
    assertThat(facs.indexOf(0, Emotion.ANGER, 1)).isEqualTo(1);
    assertThat(facs.indexOf(0, Emotion.DISGUST, 0)).isEqualTo(2);
    assertThat(facs.indexOf(1, Emotion.ANGER, 0)).isEqualTo(14);
    assertThatThrownBy(() -> facs.get(facs.size())).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> facs.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void sameConfigGivesIdenticalPixelsAndRandomAccessMatchesGenerate() {
    SynthFacs a = new SynthFacs(SMALL);
    SynthFacs b = new SynthFacs(SMALL);
    List<SynthFace> all = a.generate();
    assertThat(all).hasSize(a.size());
    for (int i : new int[] {0, 5, 13, 27, a.size() - 1}) {
      assertThat(b.get(i).image().pixels()).isEqualTo(all.get(i).image().pixels());
      assertThat(a.get(i).image().pixels()).isEqualTo(all.get(i).image().pixels());
      assertThat(b.get(i).id()).isEqualTo(all.get(i).id());
    }
    // Reverse order and a parallel stream must not matter either: no hidden shared state.
    List<byte[]> parallel = a.stream().parallel().map(f -> f.image().pixels()).toList();
    for (int i = a.size() - 1; i >= 0; i--) {
      assertThat(parallel.get(i)).isEqualTo(all.get(i).image().pixels());
    }
  }

  @Test
  void differentSeedGivesDifferentPixels() {
    SynthFacs a = new SynthFacs(SMALL);
    SynthFacs b = new SynthFacs(SMALL.withSeed(43));
    for (int i : new int[] {0, 7, 20}) {
      assertThat(b.get(i).image().pixels()).isNotEqualTo(a.get(i).image().pixels());
    }
    assertThat(b.fingerprint()).isNotEqualTo(a.fingerprint());
  }

  @Test
  void imagesOfOneDataSetAreAllDistinct() {
    List<SynthFace> all = new SynthFacs(SMALL).generate();
    Set<String> hashes = all.stream()
        .map(f -> java.util.Arrays.toString(f.image().pixels())).collect(Collectors.toSet());
    assertThat(hashes).hasSize(all.size());
  }

  @Test
  void classesAreBalancedAndSubjectsSpanTheRange() {
    SynthFacsConfig config = SMALL.withSubjects(5).withImagesPerEmotion(3).withImageSize(16);
    List<SynthFace> all = new SynthFacs(config).generate();
    Map<Emotion, Long> perEmotion = all.stream()
        .collect(Collectors.groupingBy(SynthFace::emotion, () -> new EnumMap<>(Emotion.class),
            Collectors.counting()));
    assertThat(perEmotion).hasSize(7);
    assertThat(perEmotion.values()).containsOnly(5L * 3);
    TreeSet<Integer> subjects = all.stream().map(SynthFace::subjectId)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(subjects).containsExactly(0, 1, 2, 3, 4);
    assertThat(all.stream().map(SynthFace::id).distinct().count()).isEqualTo(all.size());
  }

  @Test
  void imagesHaveTheConfiguredShape() {
    for (int channels : new int[] {1, 3}) {
      for (int size : new int[] {16, 48, 100}) {
        SynthFacsConfig c = SMALL.withSubjects(1).withImagesPerEmotion(1)
            .withImageSize(size).withChannels(channels);
        PixelImage img = new SynthFacs(c).get(3).image();
        assertThat(img.width()).isEqualTo(size);
        assertThat(img.height()).isEqualTo(size);
        assertThat(img.channels()).isEqualTo(channels);
        assertThat(img.pixels()).hasSize(size * size * channels);
      }
    }
  }

  @Test
  void grayIsTheLuminanceOfTheColourRendering() {
    // Noise is drawn per channel, so compare at the smoothest setting and allow for it.
    SynthFacsConfig gray = SMALL.withDifficulty(0).withSubjects(1);
    PixelImage g = new SynthFacs(gray).get(4).image();
    PixelImage rgb = new SynthFacs(gray.withChannels(3)).get(4).image();
    double err = 0;
    for (int y = 0; y < g.height(); y++) {
      for (int x = 0; x < g.width(); x++) {
        double lum = 0.299 * rgb.get(x, y, 0) + 0.587 * rgb.get(x, y, 1) + 0.114 * rgb.get(x, y, 2);
        err += Math.abs(lum - g.get(x, y, 0));
      }
    }
    assertThat(err / (g.width() * g.height())).isLessThan(6.0);
  }

  @Test
  void idStartsWithTheSubjectSoASubjectPatternFindsIt() {
    SynthFace f = new SynthFacs(SMALL.withSubjects(13)).get(
        new SynthFacs(SMALL.withSubjects(13)).indexOf(12, Emotion.HAPPINESS, 1));
    assertThat(f.id()).isEqualTo("s012-happiness-1");
    Matcher m = Pattern.compile("^s(\\d+)-").matcher(f.id());
    assertThat(m.find()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(12);
  }

  @Test
  void fingerprintIsStableAndCoversEveryField() {
    SynthFacs facs = new SynthFacs(SynthFacsConfig.defaults());
    assertThat(facs.fingerprint()).matches("[0-9a-f]{64}")
        .isEqualTo(new SynthFacs(SynthFacsConfig.defaults()).fingerprint());
    SynthFacsConfig d = SynthFacsConfig.defaults();
    List<SynthFacsConfig> variants = List.of(d.withSubjects(61), d.withImagesPerEmotion(5),
        d.withDifficulty(0.51), d.withSeed(1), d.withImageSize(64), d.withChannels(3),
        d.withStyle("shaded"));
    Set<String> prints = variants.stream().map(c -> new SynthFacs(c).fingerprint())
        .collect(Collectors.toSet());
    assertThat(prints).hasSize(variants.size()).doesNotContain(facs.fingerprint());
    assertThat(facs.fingerprint()).isEqualTo(sha256("synthfacs/v" + SynthFacs.GENERATOR_VERSION
        + ";subjects=60;imagesPerEmotion=4;difficulty=0.5;seed=0;imageSize=48;channels=1;"
        + "style=line"));
    // Pinned: this value may only change on purpose, together with GENERATOR_VERSION.
    assertThat(facs.fingerprint())
        .isEqualTo("9540076c6b3ce2ea81cefd588dc7001abefccdf830f52dfde66b95432115f7c8");
  }

  @Test
  void customProfileChangesTheFingerprintButTheDefaultProfileDoesNot() {
    SynthFacsConfig c = SynthFacsConfig.defaults();
    DifficultyProfile same = DifficultyProfile.of(c.difficulty());
    assertThat(new SynthFacs(c, same).fingerprint()).isEqualTo(new SynthFacs(c).fingerprint());
    DifficultyProfile p = DifficultyProfile.of(0.2);
    SynthFacs custom = new SynthFacs(c, p);
    assertThat(custom.profile()).isEqualTo(p);
    assertThat(custom.fingerprint()).isNotEqualTo(new SynthFacs(c).fingerprint());
  }

  @Test
  void actionUnitsAreTheGroundTruthBehindTheLabel() {
    SynthFacs facs = new SynthFacs(SMALL.withDifficulty(0));
    for (int i = 0; i < facs.size(); i++) {
      Emotion e = facs.get(i).emotion();
      ActionUnits aus = facs.actionUnits(i);
      for (ActionUnit au : EmfacsPrototypes.of(e)) {
        assertThat(aus.get(au)).as("%d %s %s", i, e, au).isGreaterThan(0.7);
      }
    }
  }

  @Test
  void stylesAreDifferentRenderingsOfTheSameFaces() {
    SynthFacsConfig c = SMALL.withSubjects(1);
    SynthFacs line = new SynthFacs(c);
    SynthFacs shaded = new SynthFacs(c.withStyle("shaded"));
    assertThat(meanAbsDiff(line.get(0).image(), shaded.get(0).image())).isGreaterThan(2.0);
    assertThat(line.actionUnits(5)).isEqualTo(shaded.actionUnits(5));
  }

  /**
   * The expression must be what changes the picture. At difficulty 0 (no pose, light or blur,
   * only pixel noise, gaze and faint distractors) two neutral images of a person differ little,
   * while each emotion differs from that person's neutral clearly more. Differences are taken
   * on 2x2 block means (so pixel noise counts less than shapes) and averaged over subjects.
   */
  @Test
  void expressionsChangeTheFaceMoreThanNoiseDoes() {
    SynthFacsConfig c = new SynthFacsConfig(6, 2, 0.0, 7L, 48, 1, "line");
    SynthFacs facs = new SynthFacs(c);
    Map<Emotion, Double> vsNeutral = new EnumMap<>(Emotion.class);
    double neutralPair = 0;
    for (int s = 0; s < c.subjects(); s++) {
      PixelImage n0 = facs.get(facs.indexOf(s, Emotion.NEUTRAL, 0)).image();
      PixelImage n1 = facs.get(facs.indexOf(s, Emotion.NEUTRAL, 1)).image();
      neutralPair += blockDiff(n0, n1) / c.subjects();
      for (Emotion e : Emotion.all()) {
        if (e != Emotion.NEUTRAL) {
          vsNeutral.merge(e, blockDiff(facs.get(facs.indexOf(s, e, 0)).image(), n0)
              / c.subjects(), Double::sum);
        }
      }
    }
    assertThat(neutralPair).isPositive();
    assertThat(vsNeutral).hasSize(6);
    for (Map.Entry<Emotion, Double> entry : vsNeutral.entrySet()) {
      assertThat(entry.getValue()).as(entry.getKey().label()).isGreaterThan(neutralPair * 1.3);
    }
    // The jaw drop of surprise and fear moves the whole lower face.
    assertThat(vsNeutral.get(Emotion.SURPRISE)).isGreaterThan(neutralPair * 3);
  }

  @Test
  void harderSetsVaryMoreBetweenImagesOfOneExpression() {
    double easy = withinClassSpread(0.0);
    double hard = withinClassSpread(1.0);
    assertThat(hard).isGreaterThan(easy * 1.5);
  }

  @Test
  void writesOneFolderPerEmotionWithReadablePngs(@TempDir Path dir) throws IOException {
    SynthFacsConfig c = SMALL.withSubjects(2).withImagesPerEmotion(2);
    SynthFacs facs = new SynthFacs(c);
    Path root = facs.writeImageFolder(dir.resolve("synth"));
    assertThat(root).isEqualTo(dir.resolve("synth"));
    try (Stream<Path> folders = Files.list(root)) {
      assertThat(folders.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("anger", "disgust", "fear", "happiness", "neutral", "sadness",
              "surprise");
    }
    Pattern subject = Pattern.compile("^s(\\d+)-");
    for (Emotion e : Emotion.all()) {
      List<Path> files;
      try (Stream<Path> s = Files.list(root.resolve(e.label()))) {
        files = s.sorted().toList();
      }
      assertThat(files).hasSize(c.subjects() * c.imagesPerEmotion());
      for (Path file : files) {
        String name = file.getFileName().toString();
        assertThat(name).endsWith(".png").contains("-" + e.label() + "-");
        Matcher m = subject.matcher(name);
        assertThat(m.find()).as(name).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isBetween(0, c.subjects() - 1);
        BufferedImage img = ImageIO.read(file.toFile());
        assertThat(img).as(name).isNotNull();
        assertThat(img.getWidth()).isEqualTo(c.imageSize());
        assertThat(img.getHeight()).isEqualTo(c.imageSize());
        assertThat(img.getRaster().getNumBands()).isEqualTo(1);
      }
    }
    // The files hold exactly the generated pixels.
    SynthFace first = facs.get(0);
    BufferedImage back = ImageIO.read(
        root.resolve(first.emotion().label()).resolve(first.id() + ".png").toFile());
    byte[] read = new byte[c.imageSize() * c.imageSize()];
    back.getRaster().getDataElements(0, 0, c.imageSize(), c.imageSize(), read);
    assertThat(read).isEqualTo(first.image().pixels());
  }

  @Test
  void writesRgbPngsForThreeChannels(@TempDir Path dir) throws IOException {
    SynthFacs facs = new SynthFacs(SMALL.withSubjects(1).withImagesPerEmotion(1).withChannels(3));
    facs.writeImageFolder(dir);
    SynthFace f = facs.get(2);
    BufferedImage img = ImageIO.read(dir.resolve(f.emotion().label()).resolve(f.id() + ".png")
        .toFile());
    assertThat(img.getColorModel().getNumColorComponents()).isEqualTo(3);
    int rgb = img.getRGB(5, 7);
    assertThat((rgb >> 16) & 0xFF).isEqualTo(f.image().get(5, 7, 0));
    assertThat((rgb >> 8) & 0xFF).isEqualTo(f.image().get(5, 7, 1));
    assertThat(rgb & 0xFF).isEqualTo(f.image().get(5, 7, 2));
  }

  private static double withinClassSpread(double difficulty) {
    SynthFacsConfig c = new SynthFacsConfig(2, 6, difficulty, 3L, 32, 1, "line");
    SynthFacs facs = new SynthFacs(c);
    double sum = 0;
    int n = 0;
    for (int s = 0; s < c.subjects(); s++) {
      for (int k = 1; k < c.imagesPerEmotion(); k++) {
        sum += meanAbsDiff(facs.get(facs.indexOf(s, Emotion.HAPPINESS, 0)).image(),
            facs.get(facs.indexOf(s, Emotion.HAPPINESS, k)).image());
        n++;
      }
    }
    return sum / n;
  }

  /** Mean absolute difference of 2x2 block means (gray images). */
  static double blockDiff(PixelImage a, PixelImage b) {
    double sum = 0;
    int n = 0;
    for (int y = 0; y + 1 < a.height(); y += 2) {
      for (int x = 0; x + 1 < a.width(); x += 2) {
        int d = 0;
        for (int dy = 0; dy < 2; dy++) {
          for (int dx = 0; dx < 2; dx++) {
            d += a.get(x + dx, y + dy, 0) - b.get(x + dx, y + dy, 0);
          }
        }
        sum += Math.abs(d / 4.0);
        n++;
      }
    }
    return sum / n;
  }

  static double meanAbsDiff(PixelImage a, PixelImage b) {
    byte[] x = a.pixels();
    byte[] y = b.pixels();
    long sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
    }
    return (double) sum / x.length;
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
