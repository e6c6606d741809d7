package io.emotioncluster.admin.output;

import com.google.protobuf.MessageOrBuilder;
import java.io.PrintWriter;

/** Prints one result in the chosen format: a table, its CSV, or the API message as JSON. */
public final class Printer {

  private final PrintWriter out;
  private final Format format;
  private final Style style;

  public Printer(PrintWriter out, Format format, Style style) {
    this.out = out;
    this.format = format;
    this.style = style;
  }

  public Format format() {
    return format;
  }

  public Style style() {
    return style;
  }

  public PrintWriter out() {
    return out;
  }

  /**
   * {@code table} as a table or CSV; as JSON, {@code message} when given (the full API answer),
   * else the table's rows as objects.
   */
  public void print(Table table, MessageOrBuilder message) {
    switch (format) {
      case table -> new TableRenderer(style).print(out, table);
      case csv -> Csv.print(out, table);
      case json -> out.println(message != null ? Json.pretty(message) : Json.table(table));
    }
    out.flush();
  }

  public void print(Table table) {
    print(table, null);
  }
}
