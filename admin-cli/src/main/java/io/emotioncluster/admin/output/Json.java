package io.emotioncluster.admin.output;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.util.List;

/**
 * JSON output. API messages print in the protobuf JSON mapping (the same field names as the
 * proto, lowerCamelCase, with defaults included so every field is there); a {@link Table} prints
 * as an array of objects keyed by its header.
 */
public final class Json {

  private static final JsonFormat.Printer PRETTY = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();
  private static final JsonFormat.Printer COMPACT = PRETTY.omittingInsignificantWhitespace();

  private Json() {}

  public static String pretty(MessageOrBuilder m) {
    return print(PRETTY, m);
  }

  /** One line: for streams (one JSON document per line). */
  public static String compact(MessageOrBuilder m) {
    return print(COMPACT, m);
  }

  private static String print(JsonFormat.Printer p, MessageOrBuilder m) {
    try {
      return p.print(m);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String table(Table t) {
    StringBuilder sb = new StringBuilder("[");
    for (int r = 0; r < t.rows().size(); r++) {
      sb.append(r == 0 ? "\n  " : ",\n  ").append(object(t.header(), t.rows().get(r)));
    }
    return sb.append(t.rows().isEmpty() ? "]" : "\n]").toString();
  }

  public static String object(List<String> keys, List<String> values) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(quote(keys.get(i))).append(": ").append(quote(values.get(i)));
    }
    return sb.append('}').toString();
  }

  public static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
