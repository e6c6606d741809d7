package io.emotioncluster.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.ListVersionsRequest;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.RawImage;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.TestNodes;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node started with --no-bootstrap on an empty data directory. */
class NodeWithoutModelTest {

  @Test
  void classifyIsFailedPreconditionSayingHowToGetAModelAndHealthIsNotServing(@TempDir Path dir) throws Exception {
    try (EmotionNode node = TestNodes.startReady(TestNodes.config(dir).withBootstrap(false, null))) {
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
      try {
        var stub = EmotionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
        StatusRuntimeException e = null;
        try {
          stub.classify(ClassifyRequest.newBuilder().setImage(Image.newBuilder().setRaw(RawImage.newBuilder()
              .setPixels(ByteString.copyFrom(new byte[48 * 48])).setWidth(48).setHeight(48).setChannels(1))).build());
        } catch (StatusRuntimeException ex) {
          e = ex;
        }
        assertThat(e).isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(e.getStatus().getDescription()).contains("no production classifier").contains("Train")
            .contains("Promote");

        var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        // "" is liveness (the process answers); the service name is readiness (a warm model)
        assertThat(health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus())
            .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService("emotion.v1.EmotionService").build())
            .getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
        assertThat(ModelAdminGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
            .listVersions(ListVersionsRequest.getDefaultInstance()).getVersionsCount()).isZero();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
