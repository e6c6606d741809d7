package io.emotioncluster.admin;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

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
    for (CommandLine sub : cli.getSubcommands().values()) {
      hideInheritedOptions(sub);
    }
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

  static final String GLOBAL_OPTIONS = "globalOptions";

  /**
   * The global options (--target, --format, ...) work on every command but are listed once, in
   * the main help: each command's help says so in one line instead of repeating them.
   */
  private static void hideInheritedOptions(CommandLine cl) {
    CommandSpec spec = cl.getCommandSpec();
    if (spec.usageMessage().sectionMap().containsKey(GLOBAL_OPTIONS)) {
      return; // an alias of a command already done
    }
    for (OptionSpec o : new ArrayList<>(spec.options())) {
      if (o.inherited() && !o.hidden()) {
        spec.remove(o);
        spec.addOption(OptionSpec.builder(o).hidden(true).scopeType(CommandLine.ScopeType.LOCAL).build());
      }
    }
    List<String> keys = new ArrayList<>(spec.usageMessage().sectionKeys());
    keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1, GLOBAL_OPTIONS);
    spec.usageMessage().sectionKeys(keys);
    spec.usageMessage().sectionMap().put(GLOBAL_OPTIONS, help -> "Global options (-t/--target, --timeout, --format, "
        + "--no-color, --token, --tls) work here too: see 'help'.\n");
    for (CommandLine sub : cl.getSubcommands().values()) {
      hideInheritedOptions(sub);
    }
  }
}
