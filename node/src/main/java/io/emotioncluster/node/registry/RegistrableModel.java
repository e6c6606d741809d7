package io.emotioncluster.node.registry;

import io.emotioncluster.node.model.Architecture;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the registry needs from a trained network to store it as a version: classifiers and
 * generators both register through this, so versions of either kind share one lifecycle.
 */
public interface RegistrableModel {

  /** Writes the parameters as {@code model-0000.params} into {@code dir}. */
  void save(Path dir) throws IOException;

  /** The classifier architecture; null for generators (their spec lives in the draft). */
  Architecture architecture();

  long parameterCount();

  String engineName();
}
