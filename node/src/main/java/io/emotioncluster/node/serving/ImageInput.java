package io.emotioncluster.node.serving;

/** An image as the client sent it, before decoding (which happens off the event loop). */
public sealed interface ImageInput {

  record Encoded(byte[] bytes) implements ImageInput {}

  record Raw(byte[] pixels, int width, int height, int channels) implements ImageInput {}

  /** The client sent neither form. */
  record Missing() implements ImageInput {}
}
