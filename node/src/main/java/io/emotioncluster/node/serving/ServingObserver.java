package io.emotioncluster.node.serving;

/** What serving reports for monitoring; the node wires it to its metrics. Calls must be cheap. */
public interface ServingObserver {

  ServingObserver NONE = new ServingObserver() {};

  /** A version was read from disk into the engine. */
  default void loaded(String version, long nanos) {}

  /** A loaded version finished its warm-up batches. */
  default void warmedUp(String version, long nanos) {}

  /** One forward pass answered {@code requests} requests, computing {@code computed} rows. */
  default void batch(int requests, int computed) {}
}
