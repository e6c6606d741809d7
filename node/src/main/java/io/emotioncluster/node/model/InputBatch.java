package io.emotioncluster.node.model;

import io.emotioncluster.node.image.InputSpec;

/** {@code count} preprocessed images laid end to end (NCHW) in {@code data}, which may be longer. */
public record InputBatch(float[] data, int count, InputSpec spec) {}
