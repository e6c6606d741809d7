package io.emotioncluster.admin;

import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;

/** A channel to the first node of the target list that answers its health check. */
final class NodeClient implements AutoCloseable {

  private final ManagedChannel channel;
  private final String target;
  private final long timeoutSeconds;

  private NodeClient(ManagedChannel channel, String target, long timeoutSeconds) {
    this.channel = channel;
    this.target = target;
    this.timeoutSeconds = timeoutSeconds;
  }

  static NodeClient connect(String[] targets, long timeoutSeconds) {
    StatusRuntimeException last = null;
    for (String t : targets) {
      ManagedChannel ch = ManagedChannelBuilder.forTarget(t.trim()).usePlaintext()
          .maxInboundMessageSize(64 * 1024 * 1024).build();
      try {
        HealthGrpc.newBlockingStub(ch).withDeadlineAfter(Math.min(timeoutSeconds, 5), TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance());
        return new NodeClient(ch, t.trim(), timeoutSeconds);
      } catch (StatusRuntimeException e) {
        last = e;
        ch.shutdownNow();
      }
    }
    throw Status.UNAVAILABLE.withDescription("no node answered at " + String.join(", ", targets)
        + (last == null ? "" : " (last error: " + last.getStatus().getCode() + ")")
        + "; start one with bin/emotion-node or pass --target host:port").asRuntimeException();
  }

  String target() {
    return target;
  }

  EmotionServiceGrpc.EmotionServiceBlockingStub emotion() {
    return EmotionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS);
  }

  ModelAdminGrpc.ModelAdminBlockingStub admin() {
    return ModelAdminGrpc.newBlockingStub(channel).withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS);
  }

  /** Readiness: the EmotionService entry is SERVING once a production model is warm. */
  HealthCheckResponse.ServingStatus readiness() {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("emotion.v1.EmotionService").build()).getStatus();
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
