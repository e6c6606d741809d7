package io.emotioncluster.admin.e2e;

import io.emotioncluster.admin.Session;
import io.emotioncluster.admin.shell.Shell;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * Drives the interactive shell the way a person at a terminal would: keystrokes go into an xterm
 * terminal over piped streams, and what the shell draws is read back (escape sequences removed).
 */
final class ShellDriver implements AutoCloseable {

  private final PipedOutputStream keys;
  private final Screen screen = new Screen();
  private final Terminal terminal;
  private final CompletableFuture<Integer> exit;

  /** Everything the shell wrote, thread-safe. */
  static final class Screen extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  ShellDriver(String target, Path history) throws IOException {
    keys = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keys, 64 * 1024);
    // An xterm whose line discipline runs in Java: Ctrl-C typed here becomes a terminal signal in
    // this process, as it does on an operator's real terminal (TerminalBuilder.streams(...) would
    // put a kernel pty in between, whose SIGINT goes to no process of ours).
    terminal = new ExternalTerminal("emotion-admin-test", "xterm", in, screen, StandardCharsets.UTF_8);
    terminal.setSize(new Size(160, 50));
    Session.Defaults defaults = new Session.Defaults(List.of(target), 120, null, false);
    Session parent = Session.builder().env(Map.of()).historyFile(history).defaults(defaults).build();
    Shell shell = Shell.create(parent, defaults, terminal);
    exit = CompletableFuture.supplyAsync(shell::loop);
  }

  /** Types {@code text} (control characters included, e.g. "\t" for Tab, "\r" for Enter). */
  void type(String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  /** Where the screen is now: {@link #waitFor} looks only at what comes after a mark. */
  int mark() {
    return screen.text().length();
  }

  /** The plain text written since {@code mark}. */
  String since(int mark) {
    String all = screen.text();
    return plain(all.substring(Math.min(mark, all.length())));
  }

  /** Waits until the text since {@code mark} matches {@code regex}; returns that text. */
  String waitFor(int mark, String regex, Duration timeout) throws InterruptedException {
    Pattern p = Pattern.compile(regex, Pattern.DOTALL);
    long until = System.nanoTime() + timeout.toNanos();
    String text = "";
    while (System.nanoTime() < until) {
      text = since(mark);
      if (p.matcher(text).find()) {
        return text;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for /" + regex + "/; screen:\n" + text);
  }

  /** The first match of group 1 of {@code regex} in {@code text}. */
  static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new AssertionError("no /" + regex + "/ in:\n" + text);
    }
    return m.group(1);
  }

  /** Text without ANSI/xterm control sequences and carriage returns. */
  static String plain(String s) {
    return s.replaceAll("\u001b\\[[0-9;?<=>]*[ -/]*[@-~]", "")
        .replaceAll("\u001b\\][^\u0007\u001b]*(\u0007|\u001b\\\\)", "")
        .replaceAll("\u001b[()][0-9A-Za-z]", "")
        .replaceAll("\u001b[=>78DEHMc]", "")
        .replace("\r", "")
        .replace("\u0007", "");
  }

  Integer exitCode(Duration timeout) throws Exception {
    return exit.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException {
    if (!exit.isDone()) {
      type("\u0004"); // Ctrl-D
      try {
        exit.get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // closing anyway
      }
    }
    terminal.close();
    keys.close();
  }
}
