package io.emotioncluster.admin.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into commands: one per line, blank lines and lines starting with '#' skipped,
 * a trailing backslash continues on the next line, words split like in the shell ({@link #words}).
 */
public final class ScriptParser {

  /** One command of a script, with the line it starts on. */
  public record Line(int number, String text, List<String> words) { }

  /** A line that cannot be split (an unclosed quote). */
  public static final class ScriptSyntaxException extends Exception {
    private final int line;

    ScriptSyntaxException(int line, String message) {
      super(message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private ScriptParser() {}

  public static List<Line> parse(String script) throws ScriptSyntaxException {
    String[] raw = script.split("\r?\n", -1);
    List<Line> out = new ArrayList<>();
    for (int i = 0; i < raw.length; i++) {
      int start = i + 1;
      StringBuilder text = new StringBuilder(raw[i].strip());
      while (text.length() > 0 && text.charAt(text.length() - 1) == '\\' && !text.toString().startsWith("#")
          && i + 1 < raw.length) {
        text.setLength(text.length() - 1);
        text.append(' ').append(raw[++i].strip());
      }
      String line = text.toString().strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      out.add(new Line(start, line, words(line, start)));
    }
    return out;
  }

  /**
   * The words of one command line, split as a POSIX shell would: blanks separate words; 'single
   * quotes' keep everything literally (regular expressions need no escaping); "double quotes"
   * keep blanks, with \" and \\ as escapes; outside quotes a backslash takes the next character as is.
   */
  public static List<String> words(String line) throws ScriptSyntaxException {
    return words(line, 1);
  }

  private static List<String> words(String line, int number) throws ScriptSyntaxException {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else if (c == '\'' || c == '"') {
        int close = c == '\'' ? line.indexOf('\'', i + 1) : closingDoubleQuote(line, i + 1);
        if (close < 0) {
          throw new ScriptSyntaxException(number, "unclosed " + (c == '\'' ? "single" : "double") + " quote at column "
              + (i + 1));
        }
        String body = line.substring(i + 1, close);
        word.append(c == '"' ? body.replace("\\\"", "\"").replace("\\\\", "\\") : body);
        inWord = true;
        i = close + 1;
      } else if (c == '\\') {
        if (i + 1 >= line.length()) {
          throw new ScriptSyntaxException(number, "a backslash at the end of the line escapes nothing");
        }
        word.append(line.charAt(i + 1));
        inWord = true;
        i += 2;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      out.add(word.toString());
    }
    return out;
  }

  private static int closingDoubleQuote(String line, int from) {
    for (int i = from; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }
}
