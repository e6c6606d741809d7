package io.emotioncluster.admin;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emotion-admin}: the operators' command line. This first release offers the
 * non-interactive commands (classify, versions, wait-ready); the interactive shell builds on them.
 */
@Command(name = "emotion-admin", mixinStandardHelpOptions = true, version = "emotion-admin 0.1.0",
    description = "Operate an emotion inference cluster over gRPC.",
    subcommands = {ClassifyCommand.class, VersionsCommand.class, WaitReadyCommand.class})
public final class AdminMain implements Callable<Integer> {

  @Option(names = {"-t", "--target"}, defaultValue = "${env:EMOTION_TARGET:-localhost:50051}",
      split = ",", description = "node addresses host:port, tried in order (env EMOTION_TARGET, "
          + "default ${DEFAULT-VALUE})", scope = CommandLine.ScopeType.INHERIT)
  String[] targets;

  @Option(names = "--timeout", defaultValue = "${env:EMOTION_TIMEOUT:-30}",
      description = "seconds per call (env EMOTION_TIMEOUT, default ${DEFAULT-VALUE})",
      scope = CommandLine.ScopeType.INHERIT)
  long timeoutSeconds;

  @Option(names = "--format", defaultValue = "table", description = "table | json (default ${DEFAULT-VALUE})",
      scope = CommandLine.ScopeType.INHERIT)
  Output.Format format;

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return ExitCodes.USAGE;
  }

  NodeClient connect() {
    return NodeClient.connect(targets, timeoutSeconds);
  }

  public static int run(String... args) {
    CommandLine cli = new CommandLine(new AdminMain());
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> ExitCodes.report(ex, cmd.getErr()));
    return cli.execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
