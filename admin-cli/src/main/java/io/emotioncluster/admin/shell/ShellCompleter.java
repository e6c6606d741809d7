package io.emotioncluster.admin.shell;

import java.util.List;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** JLine's view of the {@link CompletionEngine}: candidates with descriptions, file names where paths fit. */
final class ShellCompleter implements Completer {

  private final CompletionEngine engine;
  private final Completer files = new Completers.FileNameCompleter();

  ShellCompleter(CompletionEngine engine) {
    this.engine = engine;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    String word = line.word();
    String prefix = word.substring(0, Math.min(line.wordCursor(), word.length()));
    CompletionEngine.Result r = engine.complete(line.words(), line.wordIndex(), prefix);
    for (CompletionEngine.Suggestion s : r.suggestions()) {
      String descr = s.description() == null || s.description().isBlank() ? null : s.description();
      candidates.add(new Candidate(s.value(), s.value(), null, descr, null, null, s.complete()));
    }
    if (r.files()) {
      files.complete(reader, line, candidates);
    }
  }
}
