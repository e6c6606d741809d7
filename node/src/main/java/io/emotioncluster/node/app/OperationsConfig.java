package io.emotioncluster.node.app;

import io.emotioncluster.node.security.AuthConfig;
import io.emotioncluster.node.security.TlsConfig;

/**
 * What an operator sets to run a node for real: authentication, TLS, the metrics port and the
 * request limits not tied to images (those are in {@link io.emotioncluster.node.image.ImageLimits}).
 *
 * @param auth             tokens, or explicitly none
 * @param tls              certificate for the gRPC port, or {@link TlsConfig#OFF}
 * @param metricsPort      Prometheus /metrics over HTTP; 0 = off
 * @param maxStreamFrames  frames one ClassifyStream call may send; more = RESOURCE_EXHAUSTED
 * @param maxDatasetImages images one training dataset may hold; more = INVALID_ARGUMENT
 */
public record OperationsConfig(AuthConfig auth, TlsConfig tls, int metricsPort, long maxStreamFrames,
    long maxDatasetImages) {

  public static final int DEFAULT_METRICS_PORT = 9464;
  public static final long DEFAULT_MAX_STREAM_FRAMES = 1_000_000;
  public static final long DEFAULT_MAX_DATASET_IMAGES = 200_000;

  /**
   * Tokens required (none configured: the node refuses to start until some are given or
   * authentication is turned off explicitly), no TLS, no metrics port.
   */
  public static OperationsConfig defaults() {
    return new OperationsConfig(AuthConfig.tokens(null, null), TlsConfig.OFF, 0, DEFAULT_MAX_STREAM_FRAMES,
        DEFAULT_MAX_DATASET_IMAGES);
  }

  public OperationsConfig withAuth(AuthConfig a) {
    return new OperationsConfig(a, tls, metricsPort, maxStreamFrames, maxDatasetImages);
  }

  public OperationsConfig withTls(TlsConfig t) {
    return new OperationsConfig(auth, t, metricsPort, maxStreamFrames, maxDatasetImages);
  }

  public OperationsConfig withMetricsPort(int p) {
    return new OperationsConfig(auth, tls, p, maxStreamFrames, maxDatasetImages);
  }

  public OperationsConfig withLimits(long streamFrames, long datasetImages) {
    return new OperationsConfig(auth, tls, metricsPort, streamFrames, datasetImages);
  }
}
