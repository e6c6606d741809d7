package io.emotioncluster.node.grpc;

import static io.emotioncluster.node.grpc.GrpcTestSupport.drain;
import static io.emotioncluster.node.grpc.GrpcTestSupport.synthJob;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.ListVersionsRequest;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.PromoteRequest;
import io.emotioncluster.api.v1.RollbackRequest;
import io.emotioncluster.api.v1.Stage;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.TestNodes;
import io.emotioncluster.node.data.synthfacs.SynthFacs;
import io.emotioncluster.node.data.synthfacs.SynthFacsConfig;
import io.emotioncluster.node.image.PngCodec;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promote and roll back while clients classify without pause: no request may fail. */
class PromoteUnderLoadTest {

  @Test
  void promotionsAndRollbacksFailNoRequest(@TempDir Path dir) throws Exception {
    try (EmotionNode node = TestNodes.startReady(TestNodes.config(dir))) {
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
      var admin = ModelAdminGrpc.newBlockingStub(channel);
      List<JobEvent> events = drain(EmotionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.MINUTES)
          .train(synthJob(12, 1)));
      String v2 = events.get(events.size() - 1).getVersionId();
      assertThat(v2).isEqualTo("v2");

      Image image = Image.newBuilder().setEncoded(ByteString.copyFrom(PngCodec.encode(
          new SynthFacs(SynthFacsConfig.defaults().withSubjects(1).withImagesPerEmotion(1)).get(3).image()))).build();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger ok = new AtomicInteger();
      List<Status> failures = new CopyOnWriteArrayList<>();
      Set<String> servedBy = ConcurrentHashMap.newKeySet();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      for (int c = 0; c < 4; c++) {
        clients.execute(() -> {
          var stub = EmotionServiceGrpc.newBlockingStub(channel);
          while (!stop.get()) {
            try {
              var r = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                  .classify(ClassifyRequest.newBuilder().setImage(image).build());
              servedBy.add(r.getModelVersion());
              ok.incrementAndGet();
            } catch (StatusRuntimeException e) {
              failures.add(e.getStatus());
            }
          }
        });
      }
      Thread.sleep(300);
      var promoted = admin.withDeadlineAfter(60, TimeUnit.SECONDS).promote(PromoteRequest.newBuilder().setVersionId("v2").build());
      assertThat(promoted.getPreviousVersion()).isEqualTo("v1");
      Thread.sleep(300);
      var rolledBack = admin.withDeadlineAfter(60, TimeUnit.SECONDS).rollback(RollbackRequest.getDefaultInstance());
      assertThat(rolledBack.getProductionVersion()).isEqualTo("v1");
      Thread.sleep(300);
      admin.withDeadlineAfter(60, TimeUnit.SECONDS).promote(PromoteRequest.newBuilder().setVersionId("v2").build());
      Thread.sleep(300);
      stop.set(true);
      clients.shutdown();
      assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

      assertThat(failures).as("failed requests during promote/rollback").isEmpty();
      assertThat(ok.get()).isGreaterThan(20);
      assertThat(servedBy).containsExactlyInAnyOrder("v1", "v2");
      // after the last promotion every new request is answered by v2
      var r = EmotionServiceGrpc.newBlockingStub(channel).classify(ClassifyRequest.newBuilder().setImage(image).build());
      assertThat(r.getModelVersion()).isEqualTo("v2");
      var list = admin.listVersions(ListVersionsRequest.getDefaultInstance());
      assertThat(list.getProductionClassifier()).isEqualTo("v2");
      Map<String, Stage> stages = new ConcurrentHashMap<>();
      list.getVersionsList().forEach(v -> stages.put(v.getId(), v.getStage()));
      assertThat(stages).containsEntry("v2", Stage.PRODUCTION).containsEntry("v1", Stage.ARCHIVED);
      channel.shutdownNow();
    }
  }
}
