package io.emotioncluster.admin.commands;

import io.emotioncluster.admin.AdminCommand;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.Session;
import picocli.CommandLine.Command;

/** {@code shell}: the interactive shell (also what emotion-admin starts with no command). */
@Command(name = "shell", description = "Start the interactive shell (the default with no command).")
public final class ShellCommand extends AdminCommand {

  @Override
  protected int run() {
    if (session().mode() != Session.Mode.COMMAND) {
      err().println("already in the shell: type a command, 'help' lists them");
      return ExitCodes.OK;
    }
    return root().startShell();
  }
}
