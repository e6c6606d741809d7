package io.emotioncluster.admin.shell;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What Tab offers at a point of a command line, worked out from the picocli command tree:
 * commands and subcommands, option names, and option or parameter values (enum constants,
 * static candidates, live values from a {@link CompletionSource}, or file names). Knows nothing
 * of JLine, so it can be tested on plain word lists.
 */
public final class CompletionEngine {

  /** One offered word; {@code complete} means a space may follow it. */
  public record Suggestion(String value, String description, boolean complete) { }

  /** The offered words, and whether file names fit here too. */
  public record Result(List<Suggestion> suggestions, boolean files) {
    public List<String> values() {
      return suggestions.stream().map(Suggestion::value).toList();
    }
  }

  private final CommandSpec root;
  private final CompletionSource source;
  private final List<Suggestion> builtins;

  /**
   * @param builtins extra top-level words (the shell's own: exit, quit, connect)
   */
  public CompletionEngine(CommandSpec root, CompletionSource source, List<Suggestion> builtins) {
    this.root = root;
    this.source = source;
    this.builtins = List.copyOf(builtins);
  }

  /**
   * @param words     the words of the line (the one being completed included, possibly empty)
   * @param wordIndex which word is being completed
   * @param prefix    its text up to the cursor
   */
  public Result complete(List<String> words, int wordIndex, String prefix) {
    CommandSpec spec = root;
    int positional = 0;
    OptionSpec pending = null;
    int pendingIndex = 0;
    boolean endOfOptions = false;
    for (int i = 0; i < wordIndex && i < words.size(); i++) {
      String w = words.get(i);
      if (pending != null) {
        pendingIndex++;
        if (pendingIndex >= Math.max(1, pending.arity().min())) {
          pending = null;
        }
        continue;
      }
      if (w.equals("--") && !endOfOptions) {
        endOfOptions = true;
      } else if (w.startsWith("-") && w.length() > 1 && !endOfOptions) {
        OptionSpec o = spec.findOption(w.contains("=") ? w.substring(0, w.indexOf('=')) : w);
        if (o != null && !w.contains("=") && o.arity().min() > 0) {
          pending = o;
          pendingIndex = 0;
        }
      } else if (positional == 0 && spec.subcommands().containsKey(w)) {
        spec = spec.subcommands().get(w).getCommandSpec();
      } else {
        positional++;
      }
    }
    List<Suggestion> out = new ArrayList<>();
    boolean files = false;
    if (pending != null) {
      files = values(pending, pendingIndex, out);
    } else if (prefix.startsWith("-") && !endOfOptions) {
      int eq = prefix.indexOf('=');
      if (eq > 0) {
        OptionSpec o = spec.findOption(prefix.substring(0, eq));
        if (o != null) {
          List<Suggestion> vals = new ArrayList<>();
          files = values(o, 0, vals);
          String head = prefix.substring(0, eq + 1);
          vals.forEach(v -> out.add(new Suggestion(head + v.value(), v.description(), v.complete())));
        }
      } else {
        for (OptionSpec o : spec.options()) {
          if (o.hidden() && !o.inherited()) {
            continue; // global options are hidden from each command's help, not from completion
          }
          for (String name : o.names()) {
            out.add(new Suggestion(name, first(o.description()), true));
          }
        }
      }
    } else {
      if (positional == 0) {
        if (spec.helpCommand() && spec.parent() != null) {
          addSubcommands(spec.parent(), out);
        } else {
          addSubcommands(spec, out);
          if (spec == root) {
            out.addAll(builtins);
          }
        }
      }
      PositionalParamSpec p = positionalAt(spec, positional);
      if (p != null) {
        files = values(p, 0, out);
      }
    }
    List<Suggestion> matching = out.stream().filter(s -> s.value().startsWith(prefix)).distinct().toList();
    return new Result(matching, files);
  }

  private static void addSubcommands(CommandSpec spec, List<Suggestion> out) {
    spec.subcommands().forEach((name, cl) -> {
      if (!cl.getCommandSpec().usageMessage().hidden()) {
        out.add(new Suggestion(name, first(cl.getCommandSpec().usageMessage().description()), true));
      }
    });
  }

  private static PositionalParamSpec positionalAt(CommandSpec spec, int index) {
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (p.index().contains(index) || (p.index().isUnspecified() && index >= p.index().min())) {
        return p;
      }
    }
    return null;
  }

  /** Adds the values of {@code arg} (its {@code valueIndex}-th value); returns whether file names fit. */
  private boolean values(ArgSpec arg, int valueIndex, List<Suggestion> out) {
    Iterable<String> candidates = arg.completionCandidates();
    if (valueIndex == 0 && candidates instanceof LiveCandidates live) {
      source.values(live.kind()).forEach(v -> out.add(new Suggestion(v.value(), v.description(), true)));
      return false;
    }
    if (valueIndex == 0 && candidates != null) {
      candidates.forEach(c -> out.add(new Suggestion(c, "", true)));
      if (out.isEmpty()) {
        return isPath(arg);
      }
      return false;
    }
    return isPath(arg) || valueIndex > 0;
  }

  private static boolean isPath(ArgSpec arg) {
    Class<?> t = arg.type().isArray() ? arg.type().getComponentType() : arg.type();
    if (Path.class.isAssignableFrom(t) || File.class.isAssignableFrom(t)) {
      return true;
    }
    for (Class<?> aux : arg.auxiliaryTypes()) {
      if (Path.class.isAssignableFrom(aux) || File.class.isAssignableFrom(aux)) {
        return true;
      }
    }
    return false;
  }

  private static String first(String[] lines) {
    return lines == null || lines.length == 0 ? "" : lines[0].replaceAll("%n", " ").trim();
  }
}
