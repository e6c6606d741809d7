package io.emotioncluster.node.data.synthfacs;

import io.emotioncluster.node.model.Emotion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A SynthFACS data set: {@code subjects x 7 emotions x imagesPerEmotion} labelled face images,
 * each computed on demand from its own seed. Immutable and thread-safe; {@link #get(int)} can be
 * called from many threads (each call renders into its own buffer).
 *
 * <p>Order: subject-major, then emotion ({@link Emotion#index()}), then image index. So
 * {@code i = (subject * 7 + emotion.index()) * imagesPerEmotion + index}.
 */
public final class SynthFacs {

  /**
   * Bump when a change alters any pixel for an existing config, so fingerprints of data sets
   * made by different generator versions never collide.
   */
  public static final int GENERATOR_VERSION = 1;

  private final SynthFacsConfig config;
  private final DifficultyProfile profile;
  private final boolean customProfile;
  private final ExpressionSampler expressions;
  private final NuisanceSampler nuisances;
  private final FaceRenderer renderer;

  public SynthFacs(SynthFacsConfig config) {
    this(config, DifficultyProfile.of(Objects.requireNonNull(config, "config").difficulty()),
        false);
  }

  /**
   * For calibration: the knobs of {@code profile} replace those {@code config.difficulty()}
   * stands for. The fingerprint then includes the profile.
   */
  public SynthFacs(SynthFacsConfig config, DifficultyProfile profile) {
    this(config, profile, !Objects.requireNonNull(profile, "profile")
        .equals(DifficultyProfile.of(Objects.requireNonNull(config, "config").difficulty())));
  }

  private SynthFacs(SynthFacsConfig config, DifficultyProfile profile, boolean customProfile) {
    this.config = config;
    this.profile = profile;
    this.customProfile = customProfile;
    this.expressions = new ExpressionSampler(profile);
    this.nuisances = new NuisanceSampler(profile);
    this.renderer = new FaceRenderer(RenderStyle.named(config.style()));
  }

  public SynthFacsConfig config() {
    return config;
  }

  public DifficultyProfile profile() {
    return profile;
  }

  /** subjects x 7 x imagesPerEmotion. */
  public int size() {
    return config.size();
  }

  /** Position of an image in the data set order. */
  public int indexOf(int subjectId, Emotion emotion, int index) {
    if (subjectId < 0 || subjectId >= config.subjects()) {
      throw new IndexOutOfBoundsException("subject " + subjectId + " of " + config.subjects());
    }
    if (index < 0 || index >= config.imagesPerEmotion()) {
      throw new IndexOutOfBoundsException("index " + index + " of " + config.imagesPerEmotion());
    }
    return (subjectId * Emotion.COUNT + emotion.index()) * config.imagesPerEmotion() + index;
  }

  /**
   * Image i. The same config and i always give identical pixels, on any thread, in any order,
   * in any run on the same JDK (Java2D's software rasteriser is deterministic; a different JDK
   * release may in principle round a few edge pixels differently).
   */
  public SynthFace get(int i) {
    Objects.checkIndex(i, size());
    int perSubject = Emotion.COUNT * config.imagesPerEmotion();
    int subject = i / perSubject;
    int rem = i % perSubject;
    Emotion emotion = Emotion.ofIndex(rem / config.imagesPerEmotion());
    int index = rem % config.imagesPerEmotion();

    Identity id = IdentitySampler.sample(Seeds.identity(config.seed(), subject));
    // Separate split streams: a change in one sampler never shifts the draws of the others.
    SplittableRandom rng = new SplittableRandom(
        Seeds.image(config.seed(), subject, emotion.index(), index));
    SplittableRandom expressionRng = rng.split();
    SplittableRandom nuisanceRng = rng.split();
    SplittableRandom noiseRng = rng.split();
    ActionUnits aus = expressions.sample(emotion, expressionRng);
    Nuisance n = nuisances.sample(nuisanceRng);
    FaceGeometry geometry = FaceGeometry.build(id, aus, profile.restingBias(), n);
    return new SynthFace(subject, emotion, index,
        renderer.render(id, geometry, n, config.imageSize(), config.channels(), noiseRng));
  }

  /**
   * The ground-truth AU intensities of image i (the expression part of {@link #get(int)}
   * without rendering), for checking or for training AU detectors.
   */
  public ActionUnits actionUnits(int i) {
    Objects.checkIndex(i, size());
    int perSubject = Emotion.COUNT * config.imagesPerEmotion();
    int subject = i / perSubject;
    int rem = i % perSubject;
    Emotion emotion = Emotion.ofIndex(rem / config.imagesPerEmotion());
    int index = rem % config.imagesPerEmotion();
    SplittableRandom rng = new SplittableRandom(
        Seeds.image(config.seed(), subject, emotion.index(), index));
    return expressions.sample(emotion, rng.split());
  }

  /** All images, rendered now, in data set order. */
  public List<SynthFace> generate() {
    List<SynthFace> all = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      all.add(get(i));
    }
    return all;
  }

  /** All images, rendered lazily on access (memory-light for large sets). */
  public List<SynthFace> asList() {
    return new AbstractList<>() {
      @Override
      public SynthFace get(int index) {
        return SynthFacs.this.get(index);
      }

      @Override
      public int size() {
        return SynthFacs.this.size();
      }
    };
  }

  /** Images rendered lazily; {@code .parallel()} spreads rendering over cores. */
  public Stream<SynthFace> stream() {
    return IntStream.range(0, size()).mapToObj(this::get);
  }

  /**
   * SHA-256 (hex) of the generator version and the config's canonical text: two data sets with
   * the same fingerprint have the same pixels, so it can stand in for the data in a model card.
   */
  public String fingerprint() {
    StringBuilder s = new StringBuilder("synthfacs/v").append(GENERATOR_VERSION)
        .append(';').append(config.canonical());
    if (customProfile) {
      s.append(";profile=").append(profile.canonical());
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /**
   * Writes {@code root/<emotion label>/<id>.png} for every image (one folder per emotion, file
   * names starting with {@code s<subject>-}), the layout image-folder data loaders expect.
   *
   * @return root
   */
  public Path writeImageFolder(Path root) throws IOException {
    return ImageFolderWriter.write(this, root);
  }

  @Override
  public String toString() {
    return "SynthFacs[" + config.canonical() + ", fingerprint=" + fingerprint().substring(0, 12)
        + "]";
  }
}
