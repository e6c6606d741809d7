package io.emotioncluster.admin.output;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 CSV: a header line, then one line per row; fields quoted only when they need it. */
public final class Csv {

  private Csv() {}

  public static void print(PrintWriter out, Table t) {
    out.print(line(t.header()));
    out.print("\r\n");
    for (List<String> row : t.rows()) {
      out.print(line(row));
      out.print("\r\n");
    }
    out.flush();
  }

  public static String line(List<String> fields) {
    return fields.stream().map(Csv::field).collect(Collectors.joining(","));
  }

  public static String field(String v) {
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
        || (!v.isEmpty() && (Character.isWhitespace(v.charAt(0)) || Character.isWhitespace(v.charAt(v.length() - 1))))) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
