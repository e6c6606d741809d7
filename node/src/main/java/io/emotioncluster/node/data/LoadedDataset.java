package io.emotioncluster.node.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A dataset read from disk: the images, what the loader had to skip, a fingerprint that changes
 * when the data changes, and the dataset's own split when it defines one.
 *
 * @param images          in a deterministic order (the loader's documented order)
 * @param report          counts, skipped items and ignored folders
 * @param fingerprint     SHA-256 hex over the loader's canonical description and every loaded
 *                        item (id, label, subject, split, content hash); independent of where
 *                        the data lies on disk, so a copied dataset keeps its fingerprint, while
 *                        an edited, added or removed image changes it
 * @param predefinedSplit item id to {@link #TRAIN}, {@link #VALIDATION} or {@link #TEST} when the
 *                        dataset defines its own split (FER2013's Usage column); empty otherwise.
 *                        When not empty it covers every image.
 */
public record LoadedDataset(List<LabeledImage> images, LoadReport report, String fingerprint,
    Map<String, String> predefinedSplit) {

  public static final String TRAIN = "train";
  public static final String VALIDATION = "validation";
  public static final String TEST = "test";
  private static final Set<String> PARTS = Set.of(TRAIN, VALIDATION, TEST);

  public LoadedDataset {
    images = List.copyOf(images);
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(fingerprint, "fingerprint");
    predefinedSplit = Map.copyOf(predefinedSplit);
    // Checked here so predefined() never has to guess what to do with an unassigned image.
    if (!predefinedSplit.isEmpty()) {
      for (LabeledImage img : images) {
        String part = predefinedSplit.get(img.id());
        if (part == null || !PARTS.contains(part)) {
          throw new IllegalArgumentException("predefined split gives image " + img.id() + " the part "
              + part + "; expected one of " + PARTS);
        }
      }
    }
  }

  /** The dataset's own split as a {@link DatasetSplit}, or empty when it defines none. */
  public Optional<DatasetSplit> predefined() {
    if (predefinedSplit.isEmpty()) {
      return Optional.empty();
    }
    List<LabeledImage> train = new ArrayList<>();
    List<LabeledImage> val = new ArrayList<>();
    List<LabeledImage> test = new ArrayList<>();
    for (LabeledImage img : images) {
      switch (predefinedSplit.get(img.id())) {
        case TRAIN -> train.add(img);
        case VALIDATION -> val.add(img);
        default -> test.add(img);
      }
    }
    // Subjects are unknown for the datasets that ship a split, so it cannot claim independence.
    return Optional.of(new DatasetSplit(List.copyOf(train), List.copyOf(val), List.copyOf(test),
        false, DatasetSplit.fingerprint(test)));
  }
}
