package io.emotioncluster.node.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields (RFC 4180 quoting: "a,b" and "" for a quote). Enough for
 * FER2013 and its re-exports, some of which quote the pixels column; fields spanning lines are
 * not supported, since no emotion dataset uses them.
 */
final class CsvLine {

  private CsvLine() {}

  static List<String> split(String line) {
    if (line.indexOf('"') < 0) {
      return splitUnquoted(line); // the common case: substrings, no char-by-char copy
    }
    List<String> fields = new ArrayList<>(4);
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            f.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    fields.add(f.toString());
    return fields;
  }

  private static List<String> splitUnquoted(String line) {
    List<String> fields = new ArrayList<>(4);
    int start = 0;
    for (int comma = line.indexOf(','); comma >= 0; comma = line.indexOf(',', start)) {
      fields.add(line.substring(start, comma));
      start = comma + 1;
    }
    fields.add(line.substring(start));
    return fields;
  }
}
