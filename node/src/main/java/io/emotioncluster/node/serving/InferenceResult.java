package io.emotioncluster.node.serving;

/** Probabilities for one image, with where its server time went. */
public record InferenceResult(float[] probabilities, long queueMicros, long computeMicros, int batchSize) {}
