package io.emotioncluster.admin.shell;

import java.util.Collections;
import java.util.Iterator;

/**
 * Marks an option or parameter whose completion values come from the connected node, through
 * picocli's {@code completionCandidates}: the shell's completer asks its {@link CompletionSource}
 * for the {@link #kind()}. Iterated directly (e.g. by picocli's bash script) they offer nothing.
 */
public abstract class LiveCandidates implements Iterable<String> {

  /** What a live value is. */
  public enum Kind {
    /** Every registered version id. */
    VERSION,
    /** Classifier version ids (compare, fine-tuning, classify). */
    CLASSIFIER,
    /** Every job id. */
    JOB,
    /** Queued or running job ids (cancel). */
    ACTIVE_JOB,
    /** The seven emotions (and "all" for generate). */
    EMOTION,
    /** Node addresses: the configured targets and the nodes the cluster reports. */
    TARGET
  }

  private final Kind kind;

  protected LiveCandidates(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public Iterator<String> iterator() {
    return Collections.emptyIterator();
  }

  public static final class Versions extends LiveCandidates {
    public Versions() {
      super(Kind.VERSION);
    }
  }

  public static final class Classifiers extends LiveCandidates {
    public Classifiers() {
      super(Kind.CLASSIFIER);
    }
  }

  public static final class Jobs extends LiveCandidates {
    public Jobs() {
      super(Kind.JOB);
    }
  }

  public static final class ActiveJobs extends LiveCandidates {
    public ActiveJobs() {
      super(Kind.ACTIVE_JOB);
    }
  }

  public static final class Emotions extends LiveCandidates {
    public Emotions() {
      super(Kind.EMOTION);
    }
  }

  public static final class Targets extends LiveCandidates {
    public Targets() {
      super(Kind.TARGET);
    }
  }
}
