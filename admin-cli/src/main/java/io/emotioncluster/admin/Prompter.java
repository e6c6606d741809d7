package io.emotioncluster.admin;

import java.io.Console;
import java.util.Locale;

/** Asks the operator a yes/no question, where there is a person at a terminal to ask. */
public interface Prompter {

  /** Whether a question can be asked at all (false when input or output is not a terminal). */
  boolean canAsk();

  /** Asks; true only for an explicit yes. Never called when {@link #canAsk()} is false. */
  boolean confirm(String question);

  Prompter NONE = new Prompter() {
    @Override
    public boolean canAsk() {
      return false;
    }

    @Override
    public boolean confirm(String question) {
      return false;
    }
  };

  /** True for "y" and "yes", in any case. */
  static boolean isYes(String answer) {
    if (answer == null) {
      return false;
    }
    String a = answer.trim().toLowerCase(Locale.ROOT);
    return a.equals("y") || a.equals("yes");
  }

  /** Asks on the process's console (a single command run from a terminal). */
  static Prompter console(Console console) {
    if (console == null) {
      return NONE;
    }
    return new Prompter() {
      @Override
      public boolean canAsk() {
        return true;
      }

      @Override
      public boolean confirm(String question) {
        return isYes(console.readLine("%s [y/N] ", question));
      }
    };
  }
}
