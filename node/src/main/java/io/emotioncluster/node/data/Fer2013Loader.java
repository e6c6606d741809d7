package io.emotioncluster.node.data;

import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.model.Emotion;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the Kaggle FER2013 CSV ({@code fer2013.csv}, 35 887 rows, about 300 MB):
 *
 * <pre>
 * emotion,pixels,Usage
 * 0,70 80 82 ... (2304 values),Training
 * </pre>
 *
 * <p>Columns are found by header name (case-insensitive, surrounding spaces ignored, any order;
 * Usage optional), which also covers the {@code icml_face_data.csv} variant with its
 * {@code emotion, Usage, pixels} header. Labels 0..6 are angry, disgust, fear, happy, sad,
 * surprise, neutral: the order of {@link Emotion}, so the label is the enum index. Each row
 * becomes a 48x48 gray image with id {@code row-<n>}, n counting lines after the header from 1
 * (so row-n is line n+1 of the file; blank lines are passed over but still counted). Subjects are
 * unknown (null).
 *
 * <p>The file is streamed line by line, never held whole, and a line is capped at
 * {@link #MAX_LINE_CHARS}. A bad row (wrong column or pixel count, a non-number, a label outside
 * 0..6, an unknown Usage) is counted in the {@link LoadReport} and skipped: a few damaged rows in
 * a downloaded CSV should not fail a training job.
 */
public final class Fer2013Loader {

  public static final int SIDE = 48;
  public static final int PIXELS = SIDE * SIDE;
  /** A real row is at most about 9 300 characters (2304 x "255 " plus label and Usage). */
  static final int MAX_LINE_CHARS = 64 * 1024;
  private static final int FINGERPRINT_VERSION = 1;

  /**
   * @param csv            the CSV file (resolve operator input with {@link DatasetsRoot})
   * @param useUsageColumn put Training/PublicTest/PrivateTest into
   *                       {@link LoadedDataset#predefinedSplit()} as train/validation/test (the
   *                       published protocol, comparable with papers); false to leave the split
   *                       to the caller. Requesting it for a CSV with no Usage column is refused,
   *                       rather than silently giving no split.
   * @throws ServiceException NOT_FOUND when the file is missing, INVALID_INPUT for a missing or
   *                          unusable header or when no row could be loaded, PRECONDITION when
   *                          reading fails part-way
   */
  public LoadedDataset load(Path csv, boolean useUsageColumn) {
    if (Files.isDirectory(csv)) {
      throw ServiceException.invalid(csv + " is a folder; the FER2013 loader reads one CSV file "
          + "(fer2013.csv); use the image-folder loader for folders of images");
    }
    LoadReport.Builder report = LoadReport.builder();
    List<LabeledImage> images = new ArrayList<>();
    Map<String, String> split = new HashMap<>();
    DatasetFingerprint fp = new DatasetFingerprint("fer2013/v" + FINGERPRINT_VERSION
        + ";usage=" + useUsageColumn);
    try (BoundedLineReader in = new BoundedLineReader(
        // InputStreamReader replaces malformed bytes instead of throwing, so one stray byte
        // becomes one bad row rather than a failed load.
        new InputStreamReader(Files.newInputStream(csv), StandardCharsets.UTF_8),
        MAX_LINE_CHARS)) {
      Header header = Header.parse(in, csv, useUsageColumn);
      int row = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        row++;
        String id = "row-" + row;
        if (in.lastLineTooLong()) {
          report.skipped(id, "line longer than " + MAX_LINE_CHARS + " characters");
          continue;
        }
        if (line.isBlank()) {
          continue;
        }
        Row r;
        try {
          r = parseRow(CsvLine.split(line), header, useUsageColumn);
        } catch (BadRow e) {
          report.skipped(id, e.getMessage());
          continue;
        }
        images.add(new LabeledImage(id, null, r.emotion(), new PixelImage(SIDE, SIDE, 1, r.pixels())));
        report.loaded(r.emotion());
        if (r.part() != null) {
          split.put(id, r.part());
        }
        fp.add(id, r.emotion(), null, r.part(), r.pixels());
      }
    } catch (NoSuchFileException e) {
      throw ServiceException.notFound("FER2013 file " + csv + " does not exist");
    } catch (IOException e) {
      throw ServiceException.precondition("FER2013 file " + csv + " could not be read: " + e);
    }
    LoadReport done = report.build();
    if (images.isEmpty()) {
      throw ServiceException.invalid("no row of " + csv + " could be loaded: " + done.summary());
    }
    return new LoadedDataset(images, done, fp.hex(), split);
  }

  private static Row parseRow(List<String> fields, Header h, boolean useUsage) throws BadRow {
    if (fields.size() < h.columns()) {
      throw new BadRow("expected " + h.columns() + " columns, found " + fields.size());
    }
    Emotion emotion = label(fields.get(h.emotion()).strip());
    byte[] pixels = pixels(fields.get(h.pixels()));
    String part = useUsage ? part(fields.get(h.usage()).strip()) : null;
    return new Row(emotion, pixels, part);
  }

  private static Emotion label(String s) throws BadRow {
    int v;
    try {
      v = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new BadRow("emotion '" + clip(s) + "' is not a number 0..6");
    }
    if (v < 0 || v >= Emotion.COUNT) {
      throw new BadRow("emotion " + v + " is outside 0..6");
    }
    return Emotion.ofIndex(v);
  }

  /** Hand-rolled: 80 million numbers in the full file, so no split() or parseInt per token. */
  static byte[] pixels(String s) throws BadRow {
    byte[] out = new byte[PIXELS];
    int n = 0;
    int i = 0;
    int len = s.length();
    while (true) {
      while (i < len && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= len) {
        break;
      }
      int start = i;
      int v = 0;
      boolean digits = true;
      while (i < len && !Character.isWhitespace(s.charAt(i))) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          digits = false;
        } else if (v <= 255) {
          v = v * 10 + (c - '0');
        }
        i++;
      }
      if (!digits) {
        throw new BadRow("pixel " + (n + 1) + " '" + clip(s.substring(start, i))
            + "' is not a whole number 0..255");
      }
      if (v > 255) {
        throw new BadRow("pixel " + (n + 1) + " '" + clip(s.substring(start, i))
            + "' is outside 0..255");
      }
      if (n == PIXELS) {
        throw new BadRow("more than " + PIXELS + " pixel values (48x48)");
      }
      out[n++] = (byte) v;
    }
    if (n != PIXELS) {
      throw new BadRow("expected " + PIXELS + " pixel values (48x48), found " + n);
    }
    return out;
  }

  private static String part(String usage) throws BadRow {
    return switch (usage.toLowerCase(Locale.ROOT)) {
      case "training" -> LoadedDataset.TRAIN;
      case "publictest" -> LoadedDataset.VALIDATION;
      case "privatetest" -> LoadedDataset.TEST;
      default -> throw new BadRow("Usage '" + clip(usage)
          + "' is not Training, PublicTest or PrivateTest");
    };
  }

  private static String clip(String s) {
    return s.length() <= 20 ? s : s.substring(0, 20) + "...";
  }

  /** Column positions from the header; usage is -1 when there is no Usage column. */
  private record Header(int emotion, int pixels, int usage, int columns) {

    static Header parse(BoundedLineReader in, Path csv, boolean useUsage) throws IOException {
      String line = in.readLine();
      if (line == null) {
        throw ServiceException.invalid("FER2013 file " + csv + " is empty");
      }
      List<String> names = in.lastLineTooLong() ? List.of() : CsvLine.split(stripBom(line));
      int emotion = -1;
      int pixels = -1;
      int usage = -1;
      for (int i = 0; i < names.size(); i++) {
        switch (names.get(i).strip().toLowerCase(Locale.ROOT)) {
          case "emotion" -> emotion = i;
          case "pixels" -> pixels = i;
          case "usage" -> usage = i;
          default -> { }
        }
      }
      if (emotion < 0 || pixels < 0) {
        throw ServiceException.invalid("FER2013 file " + csv + " must start with a header naming "
            + "the columns emotion,pixels and optionally Usage; its first line is "
            + (in.lastLineTooLong() ? "over " + MAX_LINE_CHARS + " characters long"
                : "'" + (line.length() > 80 ? line.substring(0, 80) + "..." : line) + "'"));
      }
      if (useUsage && usage < 0) {
        throw ServiceException.invalid("the predefined FER2013 split was requested but " + csv
            + " has no Usage column; load it without the Usage split to split it randomly");
      }
      int columns = 1 + Math.max(Math.max(emotion, pixels), useUsage ? usage : -1);
      return new Header(emotion, pixels, usage, columns);
    }

    private static String stripBom(String s) {
      return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
  }

  private record Row(Emotion emotion, byte[] pixels, String part) {}

  /** A row-level problem: reported and skipped, never thrown out of {@link #load}. */
  static final class BadRow extends Exception {
    private static final long serialVersionUID = 1L;

    BadRow(String message) {
      super(message, null, false, false); // no stack trace: thousands of these are cheap
    }
  }
}
