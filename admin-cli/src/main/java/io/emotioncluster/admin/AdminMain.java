package io.emotioncluster.admin;

import io.emotioncluster.admin.client.ClientSecurity;
import io.emotioncluster.admin.client.NodeClient;
import io.emotioncluster.admin.commands.ClassifyCommand;
import io.emotioncluster.admin.commands.CompareCommand;
import io.emotioncluster.admin.commands.CompletionCommand;
import io.emotioncluster.admin.commands.GenerateCommand;
import io.emotioncluster.admin.commands.JobsCommand;
import io.emotioncluster.admin.commands.ShellCommand;
import io.emotioncluster.admin.commands.StatusCommand;
import io.emotioncluster.admin.commands.TrainCommand;
import io.emotioncluster.admin.commands.VersionsCommand;
import io.emotioncluster.admin.commands.WaitReadyCommand;
import io.emotioncluster.admin.output.Format;
import io.emotioncluster.admin.output.Printer;
import io.emotioncluster.admin.output.Style;
import io.emotioncluster.admin.shell.LiveCandidates;
import io.emotioncluster.admin.shell.ScriptRunner;
import io.emotioncluster.admin.shell.Shell;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code emotion-admin}: the operators' console. With a command it runs that command and exits;
 * with {@code -f FILE} it runs a script; with nothing (or {@code shell}) it starts the interactive
 * shell, where the same commands run with completion and history.
 *
 * <p>Adding a command: write a class annotated with {@code @Command} (extending
 * {@link AdminCommand} gives it the client, the output format and confirmation) and add it to
 * {@code subcommands} below. It is then available non-interactively, in scripts and in the shell,
 * with help and completion of its options.
 */
@Command(name = "emotion-admin", mixinStandardHelpOptions = true, versionProvider = AdminMain.Version.class,
    description = "Operate an emotion inference cluster over gRPC. With no command: the interactive shell.",
    synopsisSubcommandLabel = "[COMMAND]",
    subcommands = {
        CommandLine.HelpCommand.class,
        StatusCommand.class,
        VersionsCommand.class,
        JobsCommand.class,
        TrainCommand.class,
        CompareCommand.class,
        GenerateCommand.class,
        ClassifyCommand.class,
        io.emotioncluster.admin.bench.BenchCommand.class,
        WaitReadyCommand.class,
        ShellCommand.class,
        CompletionCommand.class,
    },
    footerHeading = "%n",
    footer = {
        "Exit codes: 0 ok, 1 failed (or not confirmed), 2 usage or refused without --yes, 3 no node / timeout, 4 not found, "
            + "5 refused by the node, 6 not available on this node version, 7 job failed, 8 job cancelled, "
            + "9 denied, 130 interrupted (a followed job keeps running).",
        "Output: --format table|json|csv (default: table on a terminal, json when piped). NO_COLOR turns colours off.",
        "See docs/admin-shell.md."})
public final class AdminMain implements Callable<Integer> {

  @Option(names = {"-t", "--target", "--node"}, split = ",", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
      completionCandidates = LiveCandidates.Targets.class,
      description = "node addresses (a cluster's nodes): each run starts at a random one of them, spreading "
          + "load, and fails over to the next (env EMOTION_TARGET; default localhost:50051)")
  List<String> targets;

  @Option(names = "--timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
      description = "deadline of each call (env EMOTION_TIMEOUT; default 30); job streams have none")
  Long timeoutSeconds;

  @Option(names = "--format", paramLabel = "FORMAT", scope = ScopeType.INHERIT,
      description = "table, json or csv (default: table on a terminal, json otherwise)")
  Format format;

  @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "no ANSI colours (also: env NO_COLOR)")
  boolean noColor;

  @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
      description = "bearer token sent on every call (env EMOTION_TOKEN; prefer --token-file: a flag shows in ps)")
  String token;

  @Option(names = "--token-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "file holding the bearer token (env EMOTION_TOKEN_FILE)")
  Path tokenFile;

  @Option(names = "--tls", scope = ScopeType.INHERIT,
      description = "TLS to the nodes, trusting the JVM's CAs unless --tls-ca is given")
  boolean tls;

  @Option(names = "--tls-ca", paramLabel = "PEM", scope = ScopeType.INHERIT,
      description = "CA certificate(s) to trust; implies --tls (env EMOTION_TLS_CA)")
  Path tlsCa;

  @Option(names = "--tls-cert", paramLabel = "PEM", scope = ScopeType.INHERIT,
      description = "client certificate for mutual TLS; implies --tls (env EMOTION_TLS_CERT)")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", scope = ScopeType.INHERIT,
      description = "PKCS#8 key of --tls-cert (env EMOTION_TLS_KEY)")
  Path tlsKey;

  @Option(names = {"-f", "--file"}, paramLabel = "SCRIPT",
      description = "run the commands of SCRIPT (one per line, # comments; - = stdin) and exit")
  Path script;

  @Option(names = "--continue-on-error", description = "with -f: run every line, exit with the first failure's code")
  boolean continueOnError;

  private final Session session;

  /** For tests and embedding: a session of this process, non-interactive unless stdin/stdout are terminals. */
  public AdminMain() {
    this(Session.forProcess());
  }

  public AdminMain(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    if (script != null) {
      return ScriptRunner.run(scriptSession(), script, continueOnError);
    }
    if (session.mode() != Session.Mode.COMMAND) {
      session.err().println("already in the shell: type a command, 'help' lists them");
      return ExitCodes.OK;
    }
    return startShell();
  }

  /** The interactive shell on a terminal; commands read from stdin (like a script) when it is not one. */
  public int startShell() {
    Session.Defaults d = session.defaults().with(targets, timeoutSeconds, format, noColor);
    if (!session.inputTerminal()) {
      return ScriptRunner.run(withSecurityEnv(session.derive()).mode(Session.Mode.SCRIPT).defaults(d).build(), Path.of("-"),
          continueOnError);
    }
    return Shell.runOnSystemTerminal(withSecurityEnv(session.derive()).build(), d);
  }

  private Session scriptSession() {
    return withSecurityEnv(session.derive()).mode(Session.Mode.SCRIPT).prompter(Prompter.NONE)
        .defaults(session.defaults().with(targets, timeoutSeconds, format, noColor)).build();
  }

  /**
   * The shell's and a script's lines are parsed afresh: the connection flags given when it
   * started reach them as the environment variables those lines read.
   */
  private Session.Builder withSecurityEnv(Session.Builder b) {
    java.util.Map<String, String> env = new java.util.HashMap<>(session.env());
    ClientSecurity s = security();
    putIfSet(env, "EMOTION_TOKEN", s.token());
    putIfSet(env, "EMOTION_TLS_CA", s.tlsCa());
    putIfSet(env, "EMOTION_TLS_CERT", s.tlsCert());
    putIfSet(env, "EMOTION_TLS_KEY", s.tlsKey());
    if (s.tls()) {
      env.put("EMOTION_TLS", "true");
    }
    return b.env(env);
  }

  private static void putIfSet(java.util.Map<String, String> env, String key, Object value) {
    if (value != null) {
      env.put(key, value.toString());
    }
  }

  // ------------------------------------------------------------------ what every command uses

  public Session session() {
    return session;
  }

  public List<String> targets() {
    return targets != null && !targets.isEmpty() ? targets : session.defaults().targets();
  }

  public long timeoutSeconds() {
    return timeoutSeconds != null ? timeoutSeconds : session.defaults().timeoutSeconds();
  }

  /** The format asked for, else the session's, else table on a terminal and json otherwise. */
  public Format format() {
    if (format != null) {
      return format;
    }
    if (session.defaults().format() != null) {
      return session.defaults().format();
    }
    return session.terminal() ? Format.table : Format.json;
  }

  public Style style() {
    return new Style(Style.allowed(session.terminal(), noColor || session.defaults().noColor(), session.env()));
  }

  public Printer printer(PrintWriter out) {
    return new Printer(out, format(), style());
  }

  /** The client for this command's targets (kept open for the session). */
  public NodeClient client() {
    return session.client(targets(), timeoutSeconds(), security());
  }

  /** TLS and token: these flags over the environment (EMOTION_TOKEN, EMOTION_TLS_CA...). */
  public ClientSecurity security() {
    try {
      ClientSecurity s = ClientSecurity.fromEnv(session.env()).with(token, tokenFile, tls, tlsCa, tlsCert, tlsKey);
      s.check();
      return s;
    } catch (IllegalArgumentException e) {
      throw new UserException(ExitCodes.USAGE, e.getMessage());
    }
  }

  /** Checks the connection flags before any command runs, so a typo fails before anything is sent. */
  void checkUnsupportedOptions() {
    security();
  }

  // ------------------------------------------------------------------------------ entry points

  /** Runs one command line of this process and returns its exit code. */
  public static int run(String... args) {
    try (Session s = Session.forProcess()) {
      return Commands.execute(s, args);
    }
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = AdminMain.class.getPackage().getImplementationVersion();
      return new String[] {"emotion-admin " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (API emotion.v1)"};
    }
  }
}
