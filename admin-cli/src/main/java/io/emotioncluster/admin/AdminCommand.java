package io.emotioncluster.admin;

import io.emotioncluster.admin.client.NodeClient;
import io.emotioncluster.admin.output.Format;
import io.emotioncluster.admin.output.Printer;
import io.emotioncluster.admin.output.Style;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of every command: {@code -h/--help}, and access to the session, the client, the output
 * format and confirmation. A command implements {@link #run()} and returns an {@link ExitCodes} value.
 */
public abstract class AdminCommand implements Callable<Integer> {

  @Spec
  protected CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
  boolean help;

  protected abstract int run() throws Exception;

  @Override
  public final Integer call() throws Exception {
    try {
      return run();
    } finally {
      out().flush();
      err().flush();
    }
  }

  protected AdminMain root() {
    return (AdminMain) spec.root().userObject();
  }

  protected Session session() {
    return root().session();
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  protected NodeClient client() {
    return root().client();
  }

  protected Format format() {
    return root().format();
  }

  protected Style style() {
    return root().style();
  }

  protected Printer printer() {
    return root().printer(out());
  }

  /**
   * Whether a destructive action may go ahead: yes with {@code --yes}; else the operator is asked
   * when there is a terminal to ask on; else it is refused (exit 2) with a message naming --yes.
   *
   * @return OK to go ahead, or the exit code to return
   */
  protected int confirm(boolean yes, String question, String action) {
    return confirm(yes, () -> question, action);
  }

  /** As {@link #confirm(boolean, String, String)}, the question worked out only when it is asked. */
  protected int confirm(boolean yes, java.util.function.Supplier<String> question, String action) {
    if (yes) {
      return ExitCodes.OK;
    }
    Session s = session();
    if (s.mode() == Session.Mode.SCRIPT || !s.prompter().canAsk()) {
      err().println("error: refusing to " + action + " without confirmation: add --yes"
          + (s.mode() == Session.Mode.SCRIPT ? " to the script line" : " (there is no terminal to ask on)"));
      return ExitCodes.USAGE;
    }
    if (s.prompter().confirm(question.get())) {
      return ExitCodes.OK;
    }
    err().println("not confirmed: nothing changed");
    return ExitCodes.FAILED;
  }

  /** Usage of this command on stdout, exit code 2: for command groups run without a subcommand. */
  protected int usage() {
    spec.commandLine().usage(out());
    return ExitCodes.USAGE;
  }
}
