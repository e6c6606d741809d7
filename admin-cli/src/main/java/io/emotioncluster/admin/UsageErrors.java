package io.emotioncluster.admin;

import io.emotioncluster.admin.shell.Suggest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A bad command line in a few readable lines instead of the whole usage: what was wrong, the
 * closest command or option when something was mistyped, and where to get help. Exit code 2.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

  private final boolean inShell;

  UsageErrors(boolean inShell) {
    this.inShell = inShell;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + explain(ex));
    String name = name(cmd.getCommandSpec());
    err.println(name.isEmpty() ? "Type 'help' for the commands, or 'COMMAND --help'."
        : "Try '" + name + " --help'" + (cmd.getSubcommands().isEmpty() ? "." : " for its subcommands."));
    err.flush();
    return ExitCodes.USAGE;
  }

  /** The message for {@code ex}, with a suggestion for a mistyped command or option. */
  String explain(CommandLine.ParameterException ex) {
    CommandSpec spec = ex.getCommandLine().getCommandSpec();
    if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String word = u.getUnmatched().get(0);
      String where = name(spec);
      if (word.startsWith("-")) {
        String option = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        List<String> names = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
          if (!o.hidden() || o.inherited()) {
            names.addAll(List.of(o.names()));
          }
        }
        return "unknown option '" + option + "'" + (where.isEmpty() ? "" : " for '" + where + "'")
            + didYouMean(Suggest.closest(option, names));
      }
      if (!spec.subcommands().isEmpty()) {
        List<String> names = new ArrayList<>(spec.subcommands().keySet());
        if (where.isEmpty() && inShell) {
          names.addAll(List.of("exit", "quit", "connect", "clear"));
        }
        return "unknown " + (where.isEmpty() ? "command" : "subcommand") + " '" + word + "'"
            + (where.isEmpty() ? "" : " for '" + where + "'") + didYouMean(Suggest.closest(word, names));
      }
      return "unexpected argument '" + word + "'" + (where.isEmpty() ? "" : " for '" + where + "'");
    }
    return ex.getMessage();
  }

  private static String didYouMean(List<String> suggestions) {
    if (suggestions.isEmpty()) {
      return "";
    }
    return "; did you mean " + String.join(" or ", suggestions.stream().map(s -> "'" + s + "'").toList()) + "?";
  }

  /** "versions show" (the command path without the program name). */
  private static String name(CommandSpec spec) {
    String q = spec.qualifiedName(" ");
    String root = spec.root().name();
    return q.equals(root) ? "" : q.substring(root.length()).trim();
  }
}
