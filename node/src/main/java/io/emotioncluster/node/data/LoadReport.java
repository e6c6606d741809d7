package io.emotioncluster.node.data;

import io.emotioncluster.node.model.Emotion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a loader found, so a job can tell the operator "loaded 35 880, skipped 7 (row-12: ...)"
 * instead of dying on the first corrupt file of a 30 000-image folder.
 *
 * @param loaded       images that became {@link LabeledImage}s
 * @param skipped      items that were found but not loaded (corrupt, unreadable, bad row...)
 * @param firstSkipped the first {@link #MAX_EXAMPLES} skipped items as {@code "id: reason"}, in
 *                     load order; enough to find the problem without flooding a status message
 * @param perClass     loaded images per emotion label, all seven classes in {@link Emotion}
 *                     order (zeros included, so a missing class is visible)
 * @param ignored      things deliberately not read, such as a {@code contempt} folder; each
 *                     entry says why
 */
public record LoadReport(int loaded, int skipped, List<String> firstSkipped,
    Map<String, Integer> perClass, List<String> ignored) {

  /** How many skipped items are listed by name. */
  public static final int MAX_EXAMPLES = 10;

  public LoadReport {
    if (loaded < 0 || skipped < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
    firstSkipped = List.copyOf(firstSkipped);
    // Map.copyOf would lose the Emotion order that makes the report readable.
    perClass = Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
    ignored = List.copyOf(ignored);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** One line for logs and job status, e.g. {@code loaded 40 (anger 6, ...); skipped 1: ...}. */
  public String summary() {
    StringBuilder s = new StringBuilder("loaded ").append(loaded).append(" (");
    String sep = "";
    for (Map.Entry<String, Integer> e : perClass.entrySet()) {
      s.append(sep).append(e.getKey()).append(' ').append(e.getValue());
      sep = ", ";
    }
    s.append(')');
    if (skipped > 0) {
      s.append("; skipped ").append(skipped).append(": ").append(String.join("; ", firstSkipped));
      if (skipped > firstSkipped.size()) {
        s.append("; ...");
      }
    }
    if (!ignored.isEmpty()) {
      s.append("; ignored: ").append(String.join("; ", ignored));
    }
    return s.toString();
  }

  /** Collects counts while a loader runs; not thread-safe (loaders are sequential). */
  public static final class Builder {
    private int loaded;
    private int skipped;
    private final List<String> firstSkipped = new ArrayList<>();
    private final EnumMap<Emotion, Integer> perClass = new EnumMap<>(Emotion.class);
    private final List<String> ignored = new ArrayList<>();

    private Builder() {
      for (Emotion e : Emotion.all()) {
        perClass.put(e, 0);
      }
    }

    public Builder loaded(Emotion emotion) {
      loaded++;
      perClass.merge(Objects.requireNonNull(emotion, "emotion"), 1, Integer::sum);
      return this;
    }

    public Builder skipped(String id, String reason) {
      skipped++;
      if (firstSkipped.size() < MAX_EXAMPLES) {
        firstSkipped.add(id + ": " + reason);
      }
      return this;
    }

    public Builder ignored(String what) {
      ignored.add(what);
      return this;
    }

    public int loadedSoFar() {
      return loaded;
    }

    public LoadReport build() {
      Map<String, Integer> byLabel = new LinkedHashMap<>();
      perClass.forEach((e, n) -> byLabel.put(e.label(), n));
      return new LoadReport(loaded, skipped, firstSkipped, byLabel, ignored);
    }
  }
}
