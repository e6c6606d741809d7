package io.emotioncluster.admin.shell;

import io.emotioncluster.admin.Commands;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.Session;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code emotion-admin -f script.txt}: runs a script's commands in order, non-interactively
 * (destructive commands need --yes). Stops at the first failure and exits with its code, or with
 * --continue-on-error runs every line and exits with the first failure's code.
 */
public final class ScriptRunner {

  private ScriptRunner() {}

  public static int run(Session session, Path file, boolean continueOnError) {
    String name = file.toString().equals("-") ? "<stdin>" : file.toString();
    String text;
    try {
      text = file.toString().equals("-") ? read(System.in) : Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      session.err().println("error: cannot read script " + name + ": " + e.getMessage());
      return ExitCodes.USAGE;
    }
    return run(session, name, text, continueOnError);
  }

  public static int run(Session session, String name, String text, boolean continueOnError) {
    List<ScriptParser.Line> lines;
    try {
      lines = ScriptParser.parse(text);
    } catch (ScriptParser.ScriptSyntaxException e) {
      session.err().println(name + ":" + e.line() + ": " + e.getMessage() + " (nothing was run)");
      return ExitCodes.USAGE;
    }
    int firstFailure = ExitCodes.OK;
    int failures = 0;
    int firstFailedLine = 0;
    for (ScriptParser.Line line : lines) {
      int code;
      if (Builtins.isBuiltin(line.words().get(0))) {
        Builtins.Action a = Builtins.run(session, line.words());
        if (a instanceof Builtins.Exit exit) {
          return failures > 0 ? firstFailure : exit.code();
        }
        code = ((Builtins.Done) a).code();
      } else {
        code = Commands.execute(session, line.words().toArray(String[]::new));
      }
      session.out().flush();
      if (code != ExitCodes.OK) {
        session.err().println(name + ":" + line.number() + ": '" + line.text() + "' failed with exit code " + code
            + (continueOnError ? "" : "; stopping (--continue-on-error runs the rest)"));
        session.err().flush();
        if (!continueOnError) {
          return code;
        }
        if (failures++ == 0) {
          firstFailure = code;
          firstFailedLine = line.number();
        }
      }
    }
    if (failures > 0) {
      session.err().println(name + ": " + failures + " of " + lines.size() + " commands failed (first at line "
          + firstFailedLine + ")");
    }
    return firstFailure;
  }

  private static String read(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
