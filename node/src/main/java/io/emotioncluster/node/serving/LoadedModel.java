package io.emotioncluster.node.serving;

import io.emotioncluster.node.image.Preprocessor;
import io.emotioncluster.node.registry.VersionRecord;

/** A classifier version in memory, with its batcher and its preprocessing. */
public record LoadedModel(VersionRecord version, BatchingPredictor predictor, Preprocessor preprocessor) {}
