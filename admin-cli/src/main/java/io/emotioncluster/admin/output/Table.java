package io.emotioncluster.admin.output;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Rows of plain strings under a header: what the table, csv and json renderers print. A column
 * may carry a colour rule (used by the table renderer on a terminal only).
 */
public final class Table {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();
  private final Map<Integer, Function<String, Style.Color>> colors = new HashMap<>();
  private final java.util.Set<Integer> rightAligned = new java.util.HashSet<>();

  public Table(List<String> header) {
    this.header = List.copyOf(header);
  }

  public static Table of(String... header) {
    return new Table(List.of(header));
  }

  public Table row(List<String> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException("row has " + cells.size() + " cells, header " + header.size());
    }
    rows.add(cells.stream().map(c -> c == null ? "" : c).toList());
    return this;
  }

  public Table row(String... cells) {
    return row(java.util.Arrays.asList(cells));
  }

  /** Colours the cells of {@code column} by their value (on a terminal). */
  public Table color(String column, Function<String, Style.Color> rule) {
    colors.put(index(column), rule);
    return this;
  }

  /** Right-aligns a numeric column. */
  public Table right(String... columns) {
    for (String c : columns) {
      rightAligned.add(index(c));
    }
    return this;
  }

  public List<String> header() {
    return header;
  }

  public List<List<String>> rows() {
    return rows;
  }

  Style.Color colorOf(int column, String value) {
    Function<String, Style.Color> rule = colors.get(column);
    return rule == null ? Style.Color.NONE : rule.apply(value);
  }

  boolean isRight(int column) {
    return rightAligned.contains(column);
  }

  private int index(String column) {
    int i = header.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + column);
    }
    return i;
  }
}
