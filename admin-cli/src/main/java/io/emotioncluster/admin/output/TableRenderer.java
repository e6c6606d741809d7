package io.emotioncluster.admin.output;

import java.io.PrintWriter;
import java.util.List;

/** An aligned text table: bold header on a terminal, two spaces between columns, no trailing blanks. */
public final class TableRenderer {

  private final Style style;

  public TableRenderer(Style style) {
    this.style = style;
  }

  public void print(PrintWriter out, Table t) {
    for (String line : lines(t)) {
      out.println(line);
    }
    out.flush();
  }

  public List<String> lines(Table t) {
    int n = t.header().size();
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      width[i] = t.header().get(i).length();
    }
    for (List<String> row : t.rows()) {
      for (int i = 0; i < n; i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    out.add(line(t, t.header(), width, true));
    for (List<String> row : t.rows()) {
      out.add(line(t, row, width, false));
    }
    return out;
  }

  private String line(Table t, List<String> cells, int[] width, boolean header) {
    int last = cells.size() - 1;
    while (last > 0 && cells.get(last).isEmpty() && !header) {
      last--; // no padding after the last non-empty cell
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i <= last; i++) {
      String v = cells.get(i);
      boolean right = t.isRight(i) && !header;
      String padded = i == last && !right ? v : pad(v, width[i], right);
      if (header) {
        sb.append(style.bold(padded));
      } else {
        Style.Color c = t.colorOf(i, v);
        sb.append(c == Style.Color.NONE ? padded : style.apply(c, padded));
      }
      if (i < last) {
        sb.append("  ");
      }
    }
    return stripTrailing(sb.toString());
  }

  private static String stripTrailing(String s) {
    return s.endsWith(" ") ? s.stripTrailing() : s;
  }

  static String pad(String v, int width, boolean right) {
    if (v.length() >= width) {
      return v;
    }
    String fill = " ".repeat(width - v.length());
    return right ? fill + v : v + fill;
  }
}
