package io.emotioncluster.admin.commands;

import io.emotioncluster.admin.AdminCommand;
import io.emotioncluster.admin.ExitCodes;
import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code completion}: a bash/zsh completion script for the command line (live values need the shell). */
@Command(name = "completion", description = "Print a bash/zsh completion script: source <(emotion-admin completion).")
public final class CompletionCommand extends AdminCommand {

  @Override
  protected int run() {
    out().print(AutoComplete.bash("emotion-admin", spec.root().commandLine()));
    return ExitCodes.OK;
  }
}
