package io.emotioncluster.admin.shell;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EOFError;
import org.jline.reader.Parser;
import org.jline.reader.SyntaxError;
import org.jline.reader.impl.DefaultParser;

/**
 * Splits a script into commands: one per line, blank lines and lines starting with '#' skipped,
 * a trailing backslash continues on the next line, words split like in the shell (quotes and
 * backslash escapes).
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
    DefaultParser parser = new DefaultParser();
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
      out.add(new Line(start, line, words(parser, line, start)));
    }
    return out;
  }

  /** The words of one command line, as the shell splits them. */
  public static List<String> words(String line) throws ScriptSyntaxException {
    return words(new DefaultParser(), line, 1);
  }

  private static List<String> words(DefaultParser parser, String line, int number) throws ScriptSyntaxException {
    try {
      List<String> words = new ArrayList<>(parser.parse(line, line.length(), Parser.ParseContext.ACCEPT_LINE).words());
      words.removeIf(String::isEmpty);
      return words;
    } catch (EOFError e) {
      throw new ScriptSyntaxException(number, "unclosed quote or trailing escape: " + e.getMessage());
    } catch (SyntaxError e) {
      throw new ScriptSyntaxException(number, e.getMessage());
    }
  }
}
