package io.emotioncluster.node.data;

import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.image.ImageDecoder;
import io.emotioncluster.node.image.ImageLimits;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Emotion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the common "one folder per class" layout (FER2013 image exports, KDEF/JAFFE/CK+ sorted by
 * hand, {@code SynthFacs.writeImageFolder}):
 *
 * <pre>
 * dir/angry/s001-a.png
 * dir/Happy/session2/s001-b.jpg    (nested folders are walked)
 * dir/contempt/...                 (not one of our seven classes: ignored, listed in the report)
 * </pre>
 *
 * <p>Folder names go through {@link Emotion#fromName}, so case and the usual aliases (angry,
 * happy, surprised, ...) are accepted. Files ending in .png .jpg .jpeg .bmp .gif
 * (case-insensitive) are decoded with {@link ImageDecoder}; a file that fails to read or decode
 * is counted in the {@link LoadReport} and skipped, since one corrupt file in a scraped dataset
 * should not cost the whole job.
 *
 * <p>Not followed: symbolic links inside the dataset (they could lead out of the datasets root
 * that {@link DatasetsRoot} vetted; each is reported as skipped) and hidden entries whose name
 * starts with '.' (macOS {@code ._x.png} resource forks, {@code .ipynb_checkpoints}), which are
 * never images of the dataset.
 *
 * <p>Item ids are paths relative to {@code dir} with '/' separators, and images come in id
 * order, so the same folder always gives the same list and fingerprint. Files are read one at a
 * time on the calling thread.
 */
public final class ImageFolderLoader {

  static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
  static final String NO_SUBJECT_MATCH = "file name does not match subject pattern";
  private static final int FINGERPRINT_VERSION = 1;

  private final ImageDecoder decoder;

  public ImageFolderLoader() {
    this(new ImageDecoder(ImageLimits.DEFAULT));
  }

  /** @param decoder also sets the size limits: a file over them is skipped, not loaded */
  public ImageFolderLoader(ImageDecoder decoder) {
    this.decoder = Objects.requireNonNull(decoder, "decoder");
  }

  /**
   * @param dir            the dataset folder (resolve operator input with {@link DatasetsRoot})
   * @param subjectPattern regular expression searched in each FILE NAME (not the path), whose
   *                       group 1 is the subject id, e.g. {@code ^s(\d+)-} or KDEF's
   *                       {@code ^(\w{4})}; null or blank when subjects are unknown. With a
   *                       pattern, files whose names do not match are skipped (not given a null
   *                       subject), so a subject-independent split stays truly independent.
   * @throws ServiceException INVALID_INPUT for a bad pattern, a missing or non-folder dir, no
   *                          emotion folder, or when not a single image could be loaded
   */
  public LoadedDataset load(Path dir, String subjectPattern) {
    Pattern subjects = compileSubjectPattern(subjectPattern);
    if (!Files.isDirectory(dir)) {
      throw ServiceException.invalid("dataset folder " + dir + " does not exist or is not a folder");
    }
    LoadReport.Builder report = LoadReport.builder();
    List<Candidate> candidates = new ArrayList<>();
    List<String> emotionFolders = emotionFolders(dir, report, candidates);
    if (emotionFolders.isEmpty()) {
      throw ServiceException.invalid("no emotion folder in " + dir + ": expected one folder per "
          + "emotion: anger, disgust, fear, happiness, sadness, surprise, neutral (any case; "
          + "aliases such as angry, disgusted, fearful, happy, sad, surprised are accepted)"
          + foundSuffix(report.build()));
    }
    candidates.sort(Comparator.comparing(Candidate::id));

    List<LabeledImage> images = new ArrayList<>(candidates.size());
    DatasetFingerprint fp = new DatasetFingerprint("image-folder/v" + FINGERPRINT_VERSION
        + ";subjectPattern=" + (subjects == null ? "" : subjects.pattern()));
    for (Candidate c : candidates) {
      if (c.problem() != null) {
        report.skipped(c.id(), c.problem());
        continue;
      }
      String subject = null;
      if (subjects != null) {
        Matcher m = subjects.matcher(c.file().getFileName().toString());
        subject = m.find() ? m.group(1) : null;
        if (subject == null || subject.isEmpty()) {
          report.skipped(c.id(), NO_SUBJECT_MATCH + " " + subjects.pattern());
          continue;
        }
      }
      byte[] bytes;
      PixelImage image;
      try {
        bytes = read(c.file());
        image = decoder.decode(bytes);
      } catch (IOException e) {
        report.skipped(c.id(), "unreadable: " + e);
        continue;
      } catch (RuntimeException e) {
        // ServiceException from the decoder, or anything ImageIO throws on hostile bytes.
        report.skipped(c.id(), e.getMessage() == null ? e.toString() : e.getMessage());
        continue;
      }
      images.add(new LabeledImage(c.id(), subject, c.emotion(), image));
      report.loaded(c.emotion());
      fp.add(c.id(), c.emotion(), subject, null, bytes);
    }
    LoadReport done = report.build();
    if (images.isEmpty()) {
      throw ServiceException.invalid("no image could be loaded from " + dir + " (emotion folders: "
          + String.join(", ", emotionFolders) + "): " + done.summary());
    }
    return new LoadedDataset(images, done, fp.hex(), Map.of());
  }

  /**
   * Validated here, before any file is touched, so a typo in the pattern fails in milliseconds
   * rather than after reading a large folder.
   */
  /** Refuses a bad subject pattern before a job is queued (INVALID_INPUT naming the problem). */
  public static void checkSubjectPattern(String subjectPattern) {
    compileSubjectPattern(subjectPattern);
  }

  static Pattern compileSubjectPattern(String subjectPattern) {
    if (subjectPattern == null || subjectPattern.isBlank()) {
      return null;
    }
    Pattern p;
    try {
      p = Pattern.compile(subjectPattern);
    } catch (PatternSyntaxException e) {
      throw ServiceException.invalid("subject pattern '" + subjectPattern + "' is not a valid "
          + "regular expression (" + e.getDescription() + " near index " + e.getIndex() + "); "
          + "example: ^s(\\d+)- takes 001 from s001-happy-0.png");
    }
    if (p.matcher("").groupCount() < 1) {
      throw ServiceException.invalid("subject pattern '" + subjectPattern + "' has no capturing "
          + "group; put the subject part of the file name in parentheses, e.g. ^s(\\d+)- for "
          + "s001-happy-0.png or ^(\\w{4}) for KDEF's AF01ANS.JPG");
    }
    return p;
  }

  /** Lists top-level entries, walks emotion folders into candidates, notes everything else. */
  private List<String> emotionFolders(Path dir, LoadReport.Builder report,
      List<Candidate> candidates) {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(entries::add);
    } catch (IOException e) {
      throw ServiceException.precondition("dataset folder " + dir + " cannot be listed: " + e);
    }
    entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
    List<String> emotionFolders = new ArrayList<>();
    int looseFiles = 0;
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      if (name.startsWith(".")) {
        continue;
      }
      if (Files.isSymbolicLink(entry)) {
        report.ignored(name + ": symbolic link, not followed");
      } else if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
        looseFiles++;
      } else {
        Optional<Emotion> emotion = Emotion.fromName(name);
        if (emotion.isEmpty()) {
          report.ignored(name + ": not one of the seven emotions");
        } else {
          emotionFolders.add(name);
          walk(dir, entry, emotion.get(), report, candidates);
        }
      }
    }
    if (looseFiles > 0) {
      report.ignored(looseFiles + " file(s) directly in the dataset folder (images belong in an "
          + "emotion folder)");
    }
    return emotionFolders;
  }

  private static void walk(Path dir, Path emotionDir, Emotion emotion, LoadReport.Builder report,
      List<Candidate> out) {
    try {
      // No FOLLOW_LINKS: links show up in visitFile with isSymbolicLink() and are reported.
      Files.walkFileTree(emotionDir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          return !d.equals(emotionDir) && d.getFileName().toString().startsWith(".")
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          String name = f.getFileName().toString();
          if (name.startsWith(".")) {
            return FileVisitResult.CONTINUE;
          }
          String problem = null;
          if (attrs.isSymbolicLink()) {
            problem = "symbolic link, not followed (it could lead outside the datasets root)";
          } else if (!attrs.isRegularFile()) {
            problem = "not a regular file";
          } else if (!IMAGE_EXTENSIONS.contains(extension(name))) {
            problem = "not an image file (expected .png, .jpg, .jpeg, .bmp or .gif)";
          }
          out.add(new Candidate(id(dir, f), f, emotion, problem));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          out.add(new Candidate(id(dir, f), f, emotion, "unreadable: " + e));
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // walkFileTree only throws what a visitor method threw; ours never do.
      throw ServiceException.precondition("dataset folder " + emotionDir + " cannot be read: " + e);
    }
  }

  /** Reads after a size check, so a huge stray file is refused without being loaded. */
  private byte[] read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > decoder.limits().maxEncodedBytes()) {
      throw ServiceException.invalid("file is " + size + " bytes; the limit is "
          + decoder.limits().maxEncodedBytes() + " bytes");
    }
    return Files.readAllBytes(file);
  }

  private static String id(Path dir, Path file) {
    StringBuilder s = new StringBuilder();
    for (Path part : dir.relativize(file)) {
      if (!s.isEmpty()) {
        s.append('/');
      }
      s.append(part);
    }
    return s.toString();
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String foundSuffix(LoadReport r) {
    return r.ignored().isEmpty() ? "; the folder is empty"
        : "; found: " + String.join("; ", r.ignored());
  }

  /** A file found under an emotion folder; problem is non-null when it cannot be an image. */
  private record Candidate(String id, Path file, Emotion emotion, String problem) {}
}
