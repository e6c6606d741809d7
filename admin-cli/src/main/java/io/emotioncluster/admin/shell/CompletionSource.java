package io.emotioncluster.admin.shell;

import java.util.List;

/** Where live completion values come from (the connected node, or a fake in tests). */
public interface CompletionSource {

  /** A value offered for completion, with a short description shown beside it. */
  record Value(String value, String description) { }

  /** The values of {@code kind}; empty when the node cannot be asked. Must answer quickly. */
  List<Value> values(LiveCandidates.Kind kind);

  CompletionSource NONE = kind -> List.of();
}
