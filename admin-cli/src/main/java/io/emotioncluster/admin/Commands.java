package io.emotioncluster.admin;

import picocli.CommandLine;

/** Builds the picocli command tree for a session and runs command lines through it. */
public final class Commands {

  private Commands() {}

  /** Runs one command line (already split into words) and returns its exit code. */
  public static int execute(Session session, String... args) {
    CommandLine cli = commandLine(new AdminMain(session));
    return cli.execute(args);
  }

  /** The command tree with this project's error handling, writing to the session's streams. */
  public static CommandLine commandLine(AdminMain root) {
    Session s = root.session();
    CommandLine cli = new CommandLine(root);
    cli.setOut(s.out());
    cli.setErr(s.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpWidth(Math.min(Math.max(s.width(), 80), 140));
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(
        root.style().enabled() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
    cli.setParameterExceptionHandler(new UsageErrors(s.mode() != Session.Mode.COMMAND));
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> ExitCodes.report(ex, cmd.getErr()));
    cli.setExecutionStrategy(parsed -> {
      try {
        root.checkUnsupportedOptions();
      } catch (UserException e) {
        return ExitCodes.report(e, s.err());
      }
      return new CommandLine.RunLast().execute(parsed);
    });
    return cli;
  }
}
