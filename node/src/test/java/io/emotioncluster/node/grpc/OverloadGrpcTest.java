package io.emotioncluster.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.RawImage;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.TestNodes;
import io.emotioncluster.node.serving.BatchingConfig;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node with a tiny queue under a burst: the excess is refused at once, the rest answered. */
class OverloadGrpcTest {

  @Test
  void aFullQueueAnswersResourceExhaustedAtOnceAndNothingElseFails(@TempDir Path dir) throws Exception {
    var config = TestNodes.config(dir).withBatching(new BatchingConfig(1, 1, 0, 2, 5));
    try (EmotionNode node = TestNodes.startReady(config)) {
      ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
      var stub = EmotionServiceGrpc.newFutureStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS);
      ClassifyRequest req = ClassifyRequest.newBuilder().setImage(Image.newBuilder().setRaw(RawImage.newBuilder()
          .setPixels(ByteString.copyFrom(new byte[48 * 48])).setWidth(48).setHeight(48).setChannels(1))).build();
      int burst = 300;
      CountDownLatch done = new CountDownLatch(burst);
      AtomicInteger ok = new AtomicInteger();
      Map<Status.Code, AtomicInteger> failures = new ConcurrentHashMap<>();
      Map<Status.Code, String> messages = new ConcurrentHashMap<>();
      for (int i = 0; i < burst; i++) {
        Futures.addCallback(stub.classify(req), new FutureCallback<ClassifyResponse>() {
          @Override
          public void onSuccess(ClassifyResponse r) {
            ok.incrementAndGet();
            done.countDown();
          }

          @Override
          public void onFailure(Throwable t) {
            Status s = Status.fromThrowable(t);
            failures.computeIfAbsent(s.getCode(), k -> new AtomicInteger()).incrementAndGet();
            messages.putIfAbsent(s.getCode(), String.valueOf(s.getDescription()));
            done.countDown();
          }
        }, MoreExecutors.directExecutor());
      }
      assertThat(done.await(60, TimeUnit.SECONDS)).as("every request answered").isTrue();
      assertThat(failures.keySet()).containsOnly(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(messages.get(Status.Code.RESOURCE_EXHAUSTED)).contains("queue").contains("retry");
      assertThat(ok.get()).isPositive();
      assertThat(ok.get() + failures.get(Status.Code.RESOURCE_EXHAUSTED).get()).isEqualTo(burst);
      ch.shutdownNow();
    }
  }
}
