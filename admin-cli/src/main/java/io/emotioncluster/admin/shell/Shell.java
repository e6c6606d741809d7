package io.emotioncluster.admin.shell;

import io.emotioncluster.admin.AdminMain;
import io.emotioncluster.admin.Commands;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.Interrupts;
import io.emotioncluster.admin.Prompter;
import io.emotioncluster.admin.Session;
import io.emotioncluster.admin.output.Style;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;

/**
 * The interactive shell: a JLine line reader (editing, history in ~/.emotion-admin_history or
 * $EMOTION_ADMIN_HISTORY, Tab completion from the command tree and the live node) running the
 * same picocli commands as the command line. Ctrl-C stops the running command (a followed job
 * keeps running); at the prompt it clears the line; Ctrl-D or {@code exit} leaves.
 */
public final class Shell {

  private final Session session;
  private final Terminal terminal;
  private final LineReader reader;
  private final LiveCompletionSource live;

  private Shell(Session session, Terminal terminal, LineReader reader, LiveCompletionSource live) {
    this.session = session;
    this.terminal = terminal;
    this.reader = reader;
    this.live = live;
  }

  /** Runs the shell on this process's terminal until exit. */
  public static int runOnSystemTerminal(Session parent, Session.Defaults defaults) {
    Terminal t;
    try {
      t = TerminalBuilder.builder().system(true).name("emotion-admin")
          .signalHandler(Terminal.SignalHandler.SIG_IGN).build();
    } catch (IOException e) {
      parent.err().println("error: cannot open the terminal: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    try (t) {
      return create(parent, defaults, t).loop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A shell on {@code terminal} (a test drives one over piped streams). */
  public static Shell create(Session parent, Session.Defaults defaults, Terminal terminal) {
    boolean dumb = Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
    PrintWriter w = terminal.writer();
    LineReader confirmReader = LineReaderBuilder.builder().terminal(terminal)
        .variable(LineReader.DISABLE_HISTORY, true).build();
    Session session = parent.derive()
        .mode(Session.Mode.SHELL)
        .out(w)
        .err(w)
        .terminal(!dumb)
        .inputTerminal(true)
        .width(terminal.getWidth() > 0 ? terminal.getWidth() : 100)
        .prompter(prompter(confirmReader))
        .interrupts(Interrupts.terminal(terminal))
        .defaults(defaults)
        .build();
    LiveCompletionSource live = new LiveCompletionSource(session);
    CompletionEngine engine = new CompletionEngine(Commands.commandLine(new AdminMain(session)).getCommandSpec(),
        live, Builtins.SUGGESTIONS);
    DefaultParser parser = new DefaultParser();
    LineReader reader = LineReaderBuilder.builder()
        .appName("emotion-admin")
        .terminal(terminal)
        .completer(new ShellCompleter(engine))
        .parser(parser)
        .variable(LineReader.HISTORY_FILE, session.historyFile())
        .variable(LineReader.HISTORY_SIZE, 1000)
        .variable(LineReader.HISTORY_FILE_SIZE, 5000)
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
        .build();
    return new Shell(session, terminal, reader, live);
  }

  private static Prompter prompter(LineReader confirmReader) {
    return new Prompter() {
      @Override
      public boolean canAsk() {
        return true;
      }

      @Override
      public boolean confirm(String question) {
        try {
          return Prompter.isYes(confirmReader.readLine(question + " [y/N] "));
        } catch (UserInterruptException | EndOfFileException e) {
          return false;
        }
      }
    };
  }

  public Session session() {
    return session;
  }

  /** Reads and runs commands until exit or end of input; returns the exit code of {@code exit N}, else 0. */
  public int loop() {
    PrintWriter out = session.out();
    Style style = new Style(Style.allowed(session.terminal(), session.defaults().noColor(), session.env()));
    greet(out, style);
    try {
      while (true) {
        String line;
        try {
          line = reader.readLine(prompt(style));
        } catch (UserInterruptException e) {
          continue; // Ctrl-C at the prompt clears the line
        } catch (EndOfFileException e) {
          out.println();
          return ExitCodes.OK;
        }
        List<String> words;
        try {
          words = ScriptParser.words(line);
        } catch (ScriptParser.ScriptSyntaxException e) {
          session.err().println("error: " + e.getMessage());
          continue;
        }
        if (words.isEmpty() || words.get(0).startsWith("#")) {
          continue;
        }
        if (words.size() == 1 && words.get(0).equals("clear")) {
          terminal.puts(InfoCmp.Capability.clear_screen);
          terminal.flush();
          continue;
        }
        if (Builtins.isBuiltin(words.get(0))) {
          Builtins.Action a = Builtins.run(session, words);
          if (a instanceof Builtins.Exit exit) {
            return exit.code();
          }
        } else {
          execute(words);
        }
        live.invalidate();
        out.flush();
      }
    } finally {
      try {
        reader.getHistory().save();
      } catch (IOException e) {
        session.err().println("warning: history not saved: " + e.getMessage());
      }
      session.close();
    }
  }

  /** Runs one command; Ctrl-C cancels its calls (a followed job installs its own handler). */
  int execute(List<String> words) {
    Context.CancellableContext ctx = Context.current().withCancellation();
    try (Interrupts.Handle ignored = session.interrupts().onInterrupt(() -> ctx.cancel(null))) {
      return ctx.call(() -> Commands.execute(session, words.toArray(String[]::new)));
    } catch (Exception e) {
      return ExitCodes.report(e, session.err());
    } finally {
      ctx.close();
      terminal.flush();
    }
  }

  private void greet(PrintWriter out, Style style) {
    out.println(style.bold("emotion-admin") + " shell: 'help' lists commands, 'COMMAND --help' explains one, "
        + "Tab completes, Ctrl-D exits.");
    try {
      String node = session.client().connect();
      out.println("connected to " + node + (session.defaults().targets().size() > 1
          ? " (failover: " + String.join(", ", session.defaults().targets()) + ")" : ""));
    } catch (StatusRuntimeException e) {
      out.println(style.yellow("warning: " + e.getStatus().getDescription())
          + "\ncommands will try again; 'connect HOST:PORT' switches nodes");
    }
    out.flush();
  }

  private String prompt(Style style) {
    String node = null;
    try {
      node = session.client().target();
    } catch (RuntimeException ignored) {
      // not connected
    }
    String where = node != null ? node : session.defaults().targets().get(0) + "?";
    return style.cyan("emotion") + " " + where + "> ";
  }
}
