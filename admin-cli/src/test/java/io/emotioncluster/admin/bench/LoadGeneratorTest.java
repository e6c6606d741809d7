package io.emotioncluster.admin.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.ServerTiming;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator against an in-process fake server with a fixed 2 ms service time. */
class LoadGeneratorTest {

  static final long SERVICE_MILLIS = 2;

  Server server;
  ManagedChannel channel;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor().addService(new EmotionServiceGrpc.EmotionServiceImplBase() {
      @Override
      public void classify(ClassifyRequest request, StreamObserver<ClassifyResponse> out) {
        int n = calls.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        timer.schedule(() -> {
          inFlight.decrementAndGet();
          if (n % 50 == 0) {
            out.onError(Status.RESOURCE_EXHAUSTED.withDescription("queue full").asRuntimeException());
            return;
          }
          out.onNext(ClassifyResponse.newBuilder().setTiming(ServerTiming.newBuilder()
              .setQueueUs(500).setComputeUs(1500).setTotalUs(2000).setBatchSize(4)).build());
          out.onCompleted();
        }, SERVICE_MILLIS, TimeUnit.MILLISECONDS);
      }
    }).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
    timer.shutdownNow();
  }

  @Test
  void closedLoopKeepsConcurrencyOutstandingAndCountsErrorsByCode() throws Exception {
    BenchResult r = new LoadGenerator(channel, ClassifyRequest.getDefaultInstance())
        .run(new BenchPlan(8, 0, Duration.ofSeconds(2), 0, Duration.ofMillis(300), Duration.ofSeconds(5)));
    assertThat(maxInFlight.get()).isEqualTo(8);
    // 8 outstanding at ~2 ms each -> roughly 4000 req/s; allow wide scheduling slack
    assertThat(r.throughput()).isBetween(800.0, 4400.0);
    assertThat(r.latency().p50()).isGreaterThanOrEqualTo(SERVICE_MILLIS * 1000);
    assertThat(r.errors()).containsOnlyKeys("RESOURCE_EXHAUSTED");
    assertThat((double) r.errorCount() / (r.ok() + r.errorCount())).isCloseTo(0.02, within(0.01));
    assertThat(r.serverQueue().p50()).isEqualTo(500);
    assertThat(r.serverCompute().p50()).isEqualTo(1500);
    assertThat(r.meanBatchSize()).isEqualTo(4.0);
    assertThat(BenchReport.json(r)).startsWith("{\"mode\":\"closed\"").contains("\"RESOURCE_EXHAUSTED\":");
    assertThat(BenchReport.table(r)).contains("throughput").contains("server queue");
  }

  @Test
  void openLoopSendsAtTheRateWhateverTheAnswers() throws Exception {
    BenchResult r = new LoadGenerator(channel, ClassifyRequest.getDefaultInstance())
        .run(new BenchPlan(0, 200, Duration.ofSeconds(2), 0, Duration.ofMillis(200), Duration.ofSeconds(5)));
    assertThat(r.mode()).isEqualTo("open");
    assertThat(r.ok() + r.errorCount()).isBetween(360L, 440L); // 200/s for 2 s
    assertThat(r.throughput()).isCloseTo(200 * 0.98, within(30.0));
  }

  @Test
  void requestCountBoundsTheRun() throws Exception {
    BenchResult r = new LoadGenerator(channel, ClassifyRequest.getDefaultInstance())
        .run(new BenchPlan(4, 0, null, 200, Duration.ZERO, Duration.ofSeconds(5)));
    assertThat(r.ok() + r.errorCount()).isEqualTo(200);
  }

  @Test
  void percentilesAreNearestRank() {
    LatencyRecorder rec = new LatencyRecorder();
    for (int i = 1; i <= 1000; i++) {
      rec.record(i);
    }
    LatencyRecorder.Percentiles p = rec.percentiles();
    assertThat(p.p50()).isEqualTo(500);
    assertThat(p.p90()).isEqualTo(900);
    assertThat(p.p99()).isEqualTo(990);
    assertThat(p.p999()).isEqualTo(999);
    assertThat(p.max()).isEqualTo(1000);
    assertThat(p.mean()).isCloseTo(500.5, within(1e-9));
  }
}
