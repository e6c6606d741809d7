package io.emotioncluster.admin;

import io.emotioncluster.admin.client.ClientSecurity;
import io.emotioncluster.admin.client.NodeClient;
import io.emotioncluster.admin.output.Format;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of emotion-admin shares between its commands: where output goes and whether it
 * is a terminal, who can be asked to confirm, how Ctrl-C arrives, the defaults given when it was
 * started, and the open connections (kept for the whole of an interactive shell).
 */
public final class Session implements AutoCloseable {

  /** A single command, the interactive shell, or a script (-f). */
  public enum Mode { COMMAND, SHELL, SCRIPT }

  /** The settings every command starts from; a command's own --target etc. override them. */
  public static final class Defaults {
    private List<String> targets;
    private long timeoutSeconds;
    private Format format;
    private boolean noColor;

    public Defaults(List<String> targets, long timeoutSeconds, Format format, boolean noColor) {
      this.targets = List.copyOf(targets);
      this.timeoutSeconds = timeoutSeconds;
      this.format = format;
      this.noColor = noColor;
    }

    /** From EMOTION_TARGET (comma-separated) and EMOTION_TIMEOUT, else localhost:50051 and 30 s. */
    public static Defaults fromEnv(Map<String, String> env) {
      String t = env.getOrDefault("EMOTION_TARGET", "");
      List<String> targets = t.isBlank() ? List.of("localhost:50051") : splitTargets(t);
      long timeout = 30;
      try {
        String s = env.get("EMOTION_TIMEOUT");
        if (s != null && !s.isBlank()) {
          timeout = Long.parseLong(s.trim());
        }
      } catch (NumberFormatException ignored) {
        // keep the default
      }
      return new Defaults(targets, timeout, null, false);
    }

    public List<String> targets() {
      return targets;
    }

    public long timeoutSeconds() {
      return timeoutSeconds;
    }

    /** Null: table on a terminal, json otherwise. */
    public Format format() {
      return format;
    }

    public boolean noColor() {
      return noColor;
    }

    public Defaults with(List<String> newTargets, Long timeout, Format newFormat, boolean newNoColor) {
      return new Defaults(newTargets == null ? targets : newTargets, timeout == null ? timeoutSeconds : timeout,
          newFormat == null ? format : newFormat, noColor || newNoColor);
    }

    void setTargets(List<String> t) {
      targets = List.copyOf(t);
    }
  }

  private final Mode mode;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean terminal;
  private final boolean inputTerminal;
  private final int width;
  private final Map<String, String> env;
  private final Prompter prompter;
  private final Interrupts interrupts;
  private final Path historyFile;
  private final Defaults defaults;
  private final Map<List<String>, NodeClient> clients;
  private final boolean ownsClients;

  private Session(Builder b, Map<List<String>, NodeClient> clients, boolean ownsClients) {
    this.mode = b.mode;
    this.out = b.out;
    this.err = b.err;
    this.terminal = b.terminal;
    this.inputTerminal = b.inputTerminal;
    this.width = b.width;
    this.env = Map.copyOf(b.env);
    this.prompter = b.prompter;
    this.interrupts = b.interrupts;
    this.historyFile = b.historyFile;
    this.defaults = b.defaults;
    this.clients = clients;
    this.ownsClients = ownsClients;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A single command of this process. Whether stdin/stdout are terminals comes from the launcher
   * (-Demotion.admin.stdin.tty / .stdout.tty, which it sets from test -t), else from System.console().
   */
  public static Session forProcess() {
    boolean console = System.console() != null;
    boolean stdoutTty = Boolean.parseBoolean(System.getProperty("emotion.admin.stdout.tty", String.valueOf(console)));
    boolean stdinTty = Boolean.parseBoolean(System.getProperty("emotion.admin.stdin.tty", String.valueOf(console)));
    int columns = 100;
    try {
      columns = Integer.parseInt(System.getProperty("emotion.admin.columns", System.getenv().getOrDefault("COLUMNS", "100")));
    } catch (NumberFormatException ignored) {
      // keep 100
    }
    Map<String, String> env = System.getenv();
    return builder()
        .mode(Mode.COMMAND)
        .out(new PrintWriter(System.out, true))
        .err(new PrintWriter(System.err, true))
        .terminal(stdoutTty)
        .inputTerminal(stdinTty)
        .width(columns)
        .env(env)
        .prompter(stdinTty && stdoutTty ? Prompter.console(System.console()) : Prompter.NONE)
        .interrupts(Interrupts.process())
        .historyFile(historyFile(env))
        .defaults(Defaults.fromEnv(env))
        .build();
  }

  /** EMOTION_ADMIN_HISTORY, else ~/.emotion-admin_history. */
  public static Path historyFile(Map<String, String> env) {
    String h = env.get("EMOTION_ADMIN_HISTORY");
    return h != null && !h.isBlank() ? Path.of(h) : Path.of(System.getProperty("user.home"), ".emotion-admin_history");
  }

  public static List<String> splitTargets(String s) {
    List<String> out = new ArrayList<>();
    Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).forEach(out::add);
    return out;
  }

  /** A session for another mode or other streams that shares this one's open connections. */
  public Builder derive() {
    Builder b = new Builder();
    b.mode = mode;
    b.out = out;
    b.err = err;
    b.terminal = terminal;
    b.inputTerminal = inputTerminal;
    b.width = width;
    b.env = env;
    b.prompter = prompter;
    b.interrupts = interrupts;
    b.historyFile = historyFile;
    b.defaults = defaults;
    b.parent = this;
    return b;
  }

  public Mode mode() {
    return mode;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  /** Whether output goes to a terminal: tables, colours and progress bars then. */
  public boolean terminal() {
    return terminal;
  }

  /** Whether input comes from a terminal (a person typing), so the interactive shell can start. */
  public boolean inputTerminal() {
    return inputTerminal;
  }

  public int width() {
    return width;
  }

  public Map<String, String> env() {
    return env;
  }

  public Prompter prompter() {
    return prompter;
  }

  public Interrupts interrupts() {
    return interrupts;
  }

  public Path historyFile() {
    return historyFile;
  }

  public Defaults defaults() {
    return defaults;
  }

  /** Switches the default targets (the shell's {@code connect}); later commands use them. */
  public void retarget(List<String> targets) {
    defaults.setTargets(targets);
  }

  /** The client for {@code targets}, connecting lazily; one per target list for the whole session. */
  public NodeClient client(List<String> targets, long timeoutSeconds) {
    return client(targets, timeoutSeconds, ClientSecurity.fromEnv(env));
  }

  /** As {@link #client(List, long)} with TLS settings and a token (one client per combination). */
  public NodeClient client(List<String> targets, long timeoutSeconds, ClientSecurity security) {
    List<String> key = new java.util.ArrayList<>(targets);
    if (!security.equals(ClientSecurity.NONE)) {
      key.add("#security:" + security.hashCode()); // same nodes, other credentials: another connection
    }
    return clients.computeIfAbsent(List.copyOf(key), k -> NodeClient.of(targets, timeoutSeconds, security))
        .withTimeout(timeoutSeconds);
  }

  /** The client for the default targets. */
  public NodeClient client() {
    return client(defaults.targets(), defaults.timeoutSeconds());
  }

  @Override
  public synchronized void close() {
    if (ownsClients) {
      clients.values().forEach(NodeClient::close);
      clients.clear();
    }
  }

  /** Builds a session; unset parts default to plain, non-interactive output on System.out/err. */
  public static final class Builder {
    private Mode mode = Mode.COMMAND;
    private PrintWriter out = new PrintWriter(System.out, true);
    private PrintWriter err = new PrintWriter(System.err, true);
    private boolean terminal;
    private boolean inputTerminal;
    private int width = 100;
    private Map<String, String> env = Map.of();
    private Prompter prompter = Prompter.NONE;
    private Interrupts interrupts = Interrupts.NONE;
    private Path historyFile;
    private Defaults defaults = Defaults.fromEnv(Map.of());
    private Session parent;

    public Builder mode(Mode m) {
      mode = m;
      return this;
    }

    public Builder out(PrintWriter w) {
      out = w;
      return this;
    }

    public Builder err(PrintWriter w) {
      err = w;
      return this;
    }

    public Builder terminal(boolean t) {
      terminal = t;
      return this;
    }

    public Builder inputTerminal(boolean t) {
      inputTerminal = t;
      return this;
    }

    public Builder width(int w) {
      width = Math.max(40, w);
      return this;
    }

    public Builder env(Map<String, String> e) {
      env = new LinkedHashMap<>(e);
      return this;
    }

    public Builder prompter(Prompter p) {
      prompter = p;
      return this;
    }

    public Builder interrupts(Interrupts i) {
      interrupts = i;
      return this;
    }

    public Builder historyFile(Path p) {
      historyFile = p;
      return this;
    }

    public Builder defaults(Defaults d) {
      defaults = d;
      return this;
    }

    public Session build() {
      if (historyFile == null) {
        historyFile = Session.historyFile(env);
      }
      return parent != null ? new Session(this, parent.clients, false) : new Session(this, new java.util.concurrent.ConcurrentHashMap<>(), true);
    }
  }
}
