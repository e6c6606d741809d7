package io.emotioncluster.admin.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean": the closest names to a mistyped word (edit distance with transpositions, or a prefix). */
public final class Suggest {

  private Suggest() {}

  /** Up to two candidates closest to {@code word}, best first; empty when nothing is close. */
  public static List<String> closest(String word, List<String> candidates) {
    String w = word.toLowerCase(Locale.ROOT);
    record Scored(String name, int distance) { }
    List<Scored> scored = new ArrayList<>();
    for (String c : candidates) {
      String lc = c.toLowerCase(Locale.ROOT);
      int d = lc.startsWith(w) && w.length() >= 2 ? 0 : distance(w, lc);
      if (d <= threshold(w.length())) {
        scored.add(new Scored(c, d));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
    if (scored.isEmpty()) {
      return List.of();
    }
    int best = scored.get(0).distance();
    return scored.stream().filter(s -> s.distance() == best).limit(2).map(Scored::name).distinct().toList();
  }

  static int threshold(int length) {
    return length <= 3 ? 1 : length <= 6 ? 2 : 3;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
