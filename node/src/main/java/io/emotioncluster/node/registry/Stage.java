package io.emotioncluster.node.registry;

/** Where a version stands: derived from the registry state, never stored on the version itself. */
public enum Stage {
  CANDIDATE,
  PRODUCTION,
  ARCHIVED
}
