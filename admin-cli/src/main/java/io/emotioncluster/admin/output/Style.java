package io.emotioncluster.admin.output;

import java.util.Map;

/**
 * ANSI colours, or none. Colours are on only when the output is a terminal, NO_COLOR is unset
 * (https://no-color.org), TERM is not "dumb" and {@code --no-color} was not given.
 */
public final class Style {

  public enum Color {
    NONE(""), BOLD("1"), DIM("2"), RED("31"), GREEN("32"), YELLOW("33"), BLUE("34"), CYAN("36");

    final String code;

    Color(String code) {
      this.code = code;
    }
  }

  public static final Style PLAIN = new Style(false);

  private final boolean enabled;

  public Style(boolean enabled) {
    this.enabled = enabled;
  }

  /** Whether colours may be used for output that goes to a terminal, given the environment. */
  public static boolean allowed(boolean terminal, boolean noColorFlag, Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    return terminal && !noColorFlag && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
  }

  public boolean enabled() {
    return enabled;
  }

  public String apply(Color color, String text) {
    if (!enabled || color == null || color == Color.NONE || text.isEmpty()) {
      return text;
    }
    return "\u001b[" + color.code + "m" + text + "\u001b[0m";
  }

  public String bold(String s) {
    return apply(Color.BOLD, s);
  }

  public String dim(String s) {
    return apply(Color.DIM, s);
  }

  public String red(String s) {
    return apply(Color.RED, s);
  }

  public String green(String s) {
    return apply(Color.GREEN, s);
  }

  public String yellow(String s) {
    return apply(Color.YELLOW, s);
  }

  public String cyan(String s) {
    return apply(Color.CYAN, s);
  }

  /** {@code s} without ANSI escape sequences. */
  public static String strip(String s) {
    return s.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
  }
}
