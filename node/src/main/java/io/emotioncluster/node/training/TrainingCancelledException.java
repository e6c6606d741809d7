package io.emotioncluster.node.training;

/** Thrown out of a training run when its listener asked to stop. */
public class TrainingCancelledException extends RuntimeException {
  public TrainingCancelledException() {
    super("training cancelled");
  }
}
