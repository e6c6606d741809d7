package io.emotioncluster.node.registry;

import java.io.IOException;

/** A parameters file no longer matches the sha256 recorded when it was registered. */
public class ChecksumMismatchException extends IOException {
  public ChecksumMismatchException(String message) {
    super(message);
  }
}
