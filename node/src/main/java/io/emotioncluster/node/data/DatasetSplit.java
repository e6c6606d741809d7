package io.emotioncluster.node.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Train / validation / test parts of a dataset. Subject-independent when subjects are known (no
 * person appears in two parts, the honest protocol for expression recognition); otherwise
 * stratified by class. Deterministic from the seed, and fingerprinted over the test ids so two
 * versions can be shown to share their test images.
 */
public record DatasetSplit(List<LabeledImage> train, List<LabeledImage> validation,
    List<LabeledImage> test, boolean subjectIndependent, String testFingerprint) {

  public static DatasetSplit of(List<LabeledImage> all, double valFraction, double testFraction,
      long seed, boolean preferSubjects) {
    if (valFraction < 0 || testFraction <= 0 || valFraction + testFraction >= 1) {
      throw new IllegalArgumentException("validation and test fractions must be >= 0, > 0 and sum below 1");
    }
    boolean bySubject = preferSubjects && all.stream().allMatch(i -> i.subject() != null)
        && all.stream().map(LabeledImage::subject).distinct().count() >= 3;
    List<LabeledImage> train = new ArrayList<>();
    List<LabeledImage> val = new ArrayList<>();
    List<LabeledImage> test = new ArrayList<>();
    Map<String, List<LabeledImage>> groups = new LinkedHashMap<>();
    for (LabeledImage img : all) {
      String key = bySubject ? img.subject() : img.emotion().name();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(img);
    }
    Random rnd = new Random(seed);
    if (bySubject) {
      List<String> subjects = new ArrayList<>(groups.keySet());
      subjects.sort(Comparator.naturalOrder());
      java.util.Collections.shuffle(subjects, rnd);
      int nTest = Math.max(1, (int) Math.round(subjects.size() * testFraction));
      int nVal = valFraction == 0 ? 0 : Math.max(1, (int) Math.round(subjects.size() * valFraction));
      for (int i = 0; i < subjects.size(); i++) {
        List<LabeledImage> target = i < nTest ? test : i < nTest + nVal ? val : train;
        target.addAll(groups.get(subjects.get(i)));
      }
    } else {
      for (List<LabeledImage> cls : groups.values()) {
        List<LabeledImage> items = new ArrayList<>(cls);
        items.sort(Comparator.comparing(LabeledImage::id));
        java.util.Collections.shuffle(items, rnd);
        int nTest = (int) Math.round(items.size() * testFraction);
        int nVal = (int) Math.round(items.size() * valFraction);
        test.addAll(items.subList(0, nTest));
        val.addAll(items.subList(nTest, nTest + nVal));
        train.addAll(items.subList(nTest + nVal, items.size()));
      }
    }
    return new DatasetSplit(List.copyOf(train), List.copyOf(val), List.copyOf(test), bySubject,
        fingerprint(test));
  }

  /** sha256 over the sorted test ids. */
  public static String fingerprint(List<LabeledImage> items) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      items.stream().map(LabeledImage::id).sorted().forEach(id -> {
        md.update(id.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      });
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
