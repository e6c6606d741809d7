package io.emotioncluster.admin.output;

/** How results are printed: {@code --format}. Unset means table on a terminal, json otherwise. */
public enum Format {
  table, json, csv
}
