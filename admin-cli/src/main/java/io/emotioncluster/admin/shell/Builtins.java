package io.emotioncluster.admin.shell;

import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.Session;
import java.util.List;

/** Words the shell and scripts understand besides the commands: exit, quit, connect. */
final class Builtins {

  static final List<CompletionEngine.Suggestion> SUGGESTIONS = List.of(
      new CompletionEngine.Suggestion("exit", "leave the shell (also: quit, Ctrl-D)", true),
      new CompletionEngine.Suggestion("quit", "leave the shell", true),
      new CompletionEngine.Suggestion("connect", "switch to other nodes: connect HOST:PORT[,HOST:PORT...]", true),
      new CompletionEngine.Suggestion("clear", "clear the screen", true));

  /** What a builtin asks for. */
  sealed interface Action permits Exit, Done { }

  /** Leave with this exit code. */
  record Exit(int code) implements Action { }

  /** Handled; this is its exit code. */
  record Done(int code) implements Action { }

  private Builtins() {}

  static boolean isBuiltin(String word) {
    return word.equals("exit") || word.equals("quit") || word.equals("connect");
  }

  static Action run(Session session, List<String> words) {
    String w = words.get(0);
    if (w.equals("exit") || w.equals("quit")) {
      if (words.size() > 1) {
        try {
          return new Exit(Integer.parseInt(words.get(1)));
        } catch (NumberFormatException e) {
          session.err().println("error: exit takes a number, got '" + words.get(1) + "'");
          return new Done(ExitCodes.USAGE);
        }
      }
      return new Exit(ExitCodes.OK);
    }
    // connect
    if (words.size() != 2) {
      session.err().println("usage: connect HOST:PORT[,HOST:PORT...]   (now: "
          + String.join(",", session.defaults().targets()) + ")");
      return new Done(ExitCodes.USAGE);
    }
    List<String> targets = Session.splitTargets(words.get(1));
    try {
      String node = session.client(targets, session.defaults().timeoutSeconds()).connect();
      session.retarget(targets);
      session.out().println("connected to " + node);
      return new Done(ExitCodes.OK);
    } catch (RuntimeException e) {
      return new Done(ExitCodes.report(e, session.err()));
    }
  }

}
