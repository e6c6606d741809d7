package io.emotioncluster.admin;

import org.jline.terminal.Terminal;
import org.jline.utils.Signals;

/** Ctrl-C, delivered to whoever registered last while a long command runs. */
public interface Interrupts {

  /** Runs {@code handler} (on another thread) on Ctrl-C until the handle is closed. */
  Handle onInterrupt(Runnable handler);

  /** Stops the handler; the previous behaviour of Ctrl-C comes back. */
  interface Handle extends AutoCloseable {
    @Override
    void close();
  }

  Interrupts NONE = handler -> () -> { };

  /** SIGINT of this process (a single command or a script run from a shell prompt). */
  static Interrupts process() {
    return handler -> {
      Object previous;
      try {
        previous = Signals.register("INT", handler);
      } catch (RuntimeException | LinkageError e) {
        return () -> { };
      }
      return () -> Signals.unregister("INT", previous);
    };
  }

  /** The interactive shell's terminal: it turns Ctrl-C into a signal while no line is being read. */
  static Interrupts terminal(Terminal terminal) {
    return handler -> {
      Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> handler.run());
      return () -> terminal.handle(Terminal.Signal.INT, previous);
    };
  }
}
