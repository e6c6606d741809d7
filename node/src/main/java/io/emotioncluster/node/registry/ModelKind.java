package io.emotioncluster.node.registry;

/** What a version is: an image-to-emotion classifier or an emotion-to-image generator. */
public enum ModelKind {
  CLASSIFIER,
  GENERATOR
}
