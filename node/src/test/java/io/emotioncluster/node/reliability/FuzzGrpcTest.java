package io.emotioncluster.node.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.emotioncluster.api.v1.CancelJobRequest;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.ClusterStatusRequest;
import io.emotioncluster.api.v1.CompareRequest;
import io.emotioncluster.api.v1.DatasetSpec;
import io.emotioncluster.api.v1.DeleteVersionRequest;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.ExperimentSpec;
import io.emotioncluster.api.v1.Fer2013Spec;
import io.emotioncluster.api.v1.GenerateRequest;
import io.emotioncluster.api.v1.GeneratorAugmentation;
import io.emotioncluster.api.v1.GetVersionRequest;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.ImageFolderSpec;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.ListJobsRequest;
import io.emotioncluster.api.v1.ListVersionsRequest;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.PromoteRequest;
import io.emotioncluster.api.v1.RawImage;
import io.emotioncluster.api.v1.RollbackRequest;
import io.emotioncluster.api.v1.SplitSpec;
import io.emotioncluster.api.v1.StreamFrame;
import io.emotioncluster.api.v1.StreamResult;
import io.emotioncluster.api.v1.SynthFacsSpec;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingConfig;
import io.emotioncluster.api.v1.WatchJobRequest;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.NodeConfig;
import io.emotioncluster.node.app.TestNodes;
import io.emotioncluster.node.serving.BatchingConfig;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of random and mutated requests against one real node (seeded, so a failure
 * reproduces): every RPC with broken images, absurd sizes, unknown ids, out-of-range numbers,
 * invalid enum values, and undecodable bytes sent through a raw call. Every call must end with a
 * status a client can act on (never INTERNAL or UNKNOWN), the node must keep serving, and the
 * heap must come back. Then an overload burst measures how fast RESOURCE_EXHAUSTED comes.
 */
class FuzzGrpcTest {

  static final long SEED = 20261125L;
  static final Set<Status.Code> NEVER = Set.of(Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.DATA_LOSS,
      Status.Code.UNAVAILABLE);

  final Map<String, Map<Status.Code, AtomicInteger>> counts = new TreeMap<>();
  final Map<String, String> firstBad = new ConcurrentHashMap<>();
  volatile String streamLimitMessage = "";

  @Test
  void hostileRequestsGetActionableStatusesAndTheHeapComesBack(@TempDir Path dir) throws Exception {
    NodeConfig base = TestNodes.config(dir).withBatching(new BatchingConfig(1, 4, 0, 8, 5));
    NodeConfig config = base.withOperations(base.operations().withLimits(40, 2000));
    try (EmotionNode node = TestNodes.startReady(config)) {
      ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext()
          .maxInboundMessageSize(64 << 20).build();
      Mutations m = new Mutations(SEED);
      long heapBefore = usedHeapAfterGc();
      long t0 = System.nanoTime();

      fuzzClassify(ch, m, 1500);
      fuzzStreams(ch, m, 60);
      fuzzTrain(ch, m, 300);
      fuzzAdmin(ch, m, 250);
      fuzzRawBytes(ch, m, 1200);

      long seconds = (System.nanoTime() - t0) / 1_000_000_000;
      long heapAfter = usedHeapAfterGc();
      int total = counts.values().stream().flatMap(c -> c.values().stream()).mapToInt(AtomicInteger::get).sum();
      System.out.printf("fuzz: seed %d, %d calls in %d s%n", SEED, total, seconds);
      counts.forEach((rpc, c) -> System.out.println("  " + rpc + " " + new TreeMap<>(c)));
      System.out.printf("heap used after GC: before %d MiB, after %d MiB%n", heapBefore >> 20, heapAfter >> 20);

      assertThat(firstBad).as("calls answered with a status a client cannot act on").isEmpty();
      assertThat(total).isGreaterThan(4000);
      // streams longer than --max-stream-frames (40 here) were ended by the node with the limit's status
      assertThat(counts.get("ClassifyStream")).containsKey(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(streamLimitMessage).contains("--max-stream-frames");
      // the node still serves a plain request after all that
      assertThat(EmotionServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
          .classify(validRaw()).getPredictionsCount()).isPositive();
      assertThat(heapAfter - heapBefore).as("heap growth after GC").isLessThan(96L << 20);

      int refused = overloadBurst(ch, 1500);
      // server side (GrpcGate's timer: first byte in to status out), without the client's wait for
      // one of the connection's 100 HTTP/2 stream slots
      var timer = node.metrics().registry().find("emotion.grpc.request.duration")
          .tags("method", "EmotionService/Classify", "status", "RESOURCE_EXHAUSTED").timer();
      assertThat(timer).isNotNull();
      System.out.printf("overload, server side: %d RESOURCE_EXHAUSTED, mean %.2f ms, max %.2f ms%n", timer.count(),
          timer.mean(TimeUnit.MILLISECONDS), timer.max(TimeUnit.MILLISECONDS));
      long fuzzRefusals = counts.get("Classify").getOrDefault(Status.Code.RESOURCE_EXHAUSTED, new AtomicInteger()).get();
      assertThat(timer.count()).as("the node counts every refusal the client saw").isEqualTo(refused + fuzzRefusals);
      ch.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------- the RPCs

  private void fuzzClassify(ManagedChannel ch, Mutations m, int n) {
    var stub = EmotionServiceGrpc.newBlockingStub(ch);
    for (int i = 0; i < n; i++) {
      ClassifyRequest req = classifyRequest(m);
      call("Classify", () -> stub.withDeadlineAfter(30, TimeUnit.SECONDS).classify(req));
    }
  }

  private ClassifyRequest classifyRequest(Mutations m) {
    var r = m.random();
    Image.Builder img = Image.newBuilder();
    switch (r.nextInt(3)) {
      case 0 -> img.setEncoded(ByteString.copyFrom(m.encodedImage()));
      case 1 -> {
        int w = m.dimension();
        int h = m.dimension();
        int c = m.channels();
        long want = (long) w * h * Math.max(1, Math.min(c, 4));
        int len = r.nextBoolean() && want < 200_000 ? (int) want : r.nextInt(5000);
        img.setRaw(RawImage.newBuilder().setWidth(w).setHeight(h).setChannels(c)
            .setPixels(ByteString.copyFrom(m.bytes(len))));
      }
      default -> { } // no image at all
    }
    ClassifyRequest.Builder b = ClassifyRequest.newBuilder().setImage(img);
    if (r.nextInt(4) == 0) {
      b.setModelVersion(r.nextBoolean() ? "v1" : m.id());
    }
    b.setDetectFaces(r.nextInt(5) == 0);
    return b.build();
  }

  /** Streams with good and bad frames, some longer than the node's 40-frame limit. */
  private void fuzzStreams(ManagedChannel ch, Mutations m, int streams) throws InterruptedException {
    var stub = EmotionServiceGrpc.newStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS);
    for (int s = 0; s < streams; s++) {
      int frames = m.random().nextInt(60);
      CountDownLatch done = new CountDownLatch(1);
      var observer = stub.classifyStream(new StreamObserver<StreamResult>() {
        @Override
        public void onNext(StreamResult r) {
          Status.Code code = r.hasError() ? Status.fromCodeValue(r.getError().getCode()).getCode() : Status.Code.OK;
          record("ClassifyStream/frame", code, r.hasError() ? r.getError().getMessage() : "");
        }

        @Override
        public void onError(Throwable t) {
          Status st = Status.fromThrowable(t);
          record("ClassifyStream", st.getCode(), String.valueOf(st.getDescription()));
          if (st.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            streamLimitMessage = String.valueOf(st.getDescription());
          }
          done.countDown();
        }

        @Override
        public void onCompleted() {
          record("ClassifyStream", Status.Code.OK, "");
          done.countDown();
        }
      });
      try {
        for (int f = 0; f < frames; f++) {
          observer.onNext(StreamFrame.newBuilder().setFrameId(f).setRequest(classifyRequest(m)).build());
        }
        observer.onCompleted();
      } catch (IllegalStateException | StatusRuntimeException closed) {
        // the node ended the stream (frame limit): its status arrives through onError
      }
      assertThat(done.await(90, TimeUnit.SECONDS)).as("stream " + s + " ended").isTrue();
    }
  }

  private void fuzzTrain(ManagedChannel ch, Mutations m, int n) {
    var stub = EmotionServiceGrpc.newBlockingStub(ch);
    var admin = ModelAdminGrpc.newBlockingStub(ch);
    for (int i = 0; i < n; i++) {
      TrainRequest req = trainRequest(m);
      Context.CancellableContext ctx = Context.current().withCancellation();
      try {
        ctx.run(() -> call("Train", () -> {
          Iterator<JobEvent> events = stub.withDeadlineAfter(60, TimeUnit.SECONDS).train(req);
          JobEvent first = events.next(); // accepted: stop it at once, the fuzz is not a workload
          admin.withDeadlineAfter(30, TimeUnit.SECONDS)
              .cancelJob(CancelJobRequest.newBuilder().setJobId(first.getJobId()).build());
          return first;
        }));
      } finally {
        ctx.cancel(null);
      }
    }
  }

  private TrainRequest trainRequest(Mutations m) {
    var r = m.random();
    TrainRequest.Builder b = TrainRequest.newBuilder().setKindValue(r.nextInt(3) == 0 ? m.anyInt() : 1);
    DatasetSpec.Builder d = DatasetSpec.newBuilder();
    switch (r.nextInt(4)) {
      case 0 -> d.setSynthfacs(SynthFacsSpec.newBuilder().setSubjects(m.anyInt()).setImagesPerEmotion(m.anyInt())
          .setDifficulty(m.anyFloat()).setImageSize(m.anyInt()).setChannels(m.anyInt()).setStyle(m.id()));
      case 1 -> d.setImageFolder(ImageFolderSpec.newBuilder().setPath(m.id()).setSubjectPattern(
          r.nextBoolean() ? "(" : m.id()));
      case 2 -> d.setFer2013(Fer2013Spec.newBuilder().setPath(m.id()));
      default -> { }
    }
    if (r.nextBoolean()) {
      d.setSplit(SplitSpec.newBuilder().setValidationFraction(m.anyFloat()).setTestFraction(m.anyFloat()));
    }
    b.setDataset(d);
    b.setConfig(TrainingConfig.newBuilder().setEpochs(m.anyInt()).setBatchSize(m.anyInt())
        .setLearningRate(m.anyFloat()).setWeightDecay(m.anyFloat()).setArchitecture(r.nextBoolean() ? "" : m.id())
        .setWidthMultiplier(m.anyFloat()).setSchedule(r.nextBoolean() ? "" : m.id()).setFreezeEpochs(m.anyInt())
        .setWarmupEpochs(m.anyInt()));
    if (r.nextInt(6) == 0) {
      b.setAugmentation(GeneratorAugmentation.getDefaultInstance());
    }
    if (r.nextInt(6) == 0) {
      b.setExperiment(ExperimentSpec.getDefaultInstance());
    }
    return b.build();
  }

  private void fuzzAdmin(ManagedChannel ch, Mutations m, int n) {
    var a = ModelAdminGrpc.newBlockingStub(ch);
    var e = EmotionServiceGrpc.newBlockingStub(ch);
    var r = m.random();
    for (int i = 0; i < n; i++) {
      String id = notExisting(m);
      call("ListVersions", () -> a.withDeadlineAfter(30, TimeUnit.SECONDS).listVersions(ListVersionsRequest.newBuilder()
          .setKindValue(m.anyInt()).setStageValue(m.anyInt()).build()));
      call("GetVersion", () -> a.withDeadlineAfter(30, TimeUnit.SECONDS).getVersion(
          GetVersionRequest.newBuilder().setVersionId(id).build()));
      call("Promote", () -> a.withDeadlineAfter(30, TimeUnit.SECONDS).promote(
          PromoteRequest.newBuilder().setVersionId(id).build()));
      call("Rollback", () -> a.withDeadlineAfter(30, TimeUnit.SECONDS).rollback(
          RollbackRequest.newBuilder().setKindValue(r.nextBoolean() ? m.anyInt() : 2).build()));
      call("DeleteVersion", () -> a.withDeadlineAfter(30, TimeUnit.SECONDS).deleteVersion(
          DeleteVersionRequest.newBuilder().setVersionId(id).build()));
      call("Compare", () -> a.withDeadlineAfter(30, TimeUnit.SECONDS).compare(CompareRequest.newBuilder()
          .setBaselineVersion(r.nextBoolean() ? "v1" : id).setCandidateVersion(notExisting(m))
          .setExperimentId(r.nextInt(4) == 0 ? m.id() : "").build()));
      ListJobsRequest.Builder lj = ListJobsRequest.newBuilder().setLimit(m.anyInt());
      for (int k = r.nextInt(4); k > 0; k--) {
        lj.addStatesValue(m.anyInt());
      }
      call("ListJobs", () -> a.withDeadlineAfter(30, TimeUnit.SECONDS).listJobs(lj.build()));
      call("WatchJob", () -> {
        Iterator<JobEvent> it = a.withDeadlineAfter(30, TimeUnit.SECONDS)
            .watchJob(WatchJobRequest.newBuilder().setJobId(id).build());
        while (it.hasNext()) {
          it.next();
        }
        return null;
      });
      call("CancelJob", () -> a.withDeadlineAfter(30, TimeUnit.SECONDS).cancelJob(
          CancelJobRequest.newBuilder().setJobId(id).build()));
      call("ClusterStatus", () -> a.withDeadlineAfter(30, TimeUnit.SECONDS)
          .clusterStatus(ClusterStatusRequest.getDefaultInstance()));
      call("Generate", () -> {
        Iterator<?> it = e.withDeadlineAfter(30, TimeUnit.SECONDS).generate(GenerateRequest.newBuilder()
            .setCount(r.nextBoolean() ? m.anyInt() : 1_000_000).setEmotionValue(m.anyInt())
            .setTruncation(m.anyFloat()).setGeneratorVersion(id).build());
        while (it.hasNext()) {
          it.next();
        }
        return null;
      });
    }
  }

  /** Random bytes as the request message of every method, through a raw call (no stub checks). */
  private void fuzzRawBytes(ManagedChannel ch, Mutations m, int n) throws InterruptedException {
    List<String> methods = new ArrayList<>();
    for (var svc : io.emotioncluster.api.v1.EmotionProto.getDescriptor().getServices()) {
      svc.getMethods().forEach(md -> methods.add(svc.getFullName() + "/" + md.getName()));
    }
    for (int i = 0; i < n; i++) {
      String method = methods.get(m.random().nextInt(methods.size()));
      byte[] payload = m.random().nextInt(8) == 0 ? new byte[0] : m.bytes(1 + m.random().nextInt(2048));
      MethodDescriptor<byte[], byte[]> md = MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNKNOWN).setFullMethodName(method)
          .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
      ClientCall<byte[], byte[]> call = ch.newCall(md, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
      CompletableFuture<Status> closed = new CompletableFuture<>();
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onClose(Status status, Metadata trailers) {
          closed.complete(status);
        }
      }, new Metadata());
      call.request(1000);
      call.sendMessage(payload);
      call.halfClose();
      Status st;
      try {
        st = closed.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        call.cancel("fuzz: no status in 30 s", null);
        st = Status.DEADLINE_EXCEEDED.withDescription("no answer in 30 s");
      }
      if (st.getCode() == Status.Code.OK || st.getCode() == Status.Code.DEADLINE_EXCEEDED) {
        // bytes that happen to parse as a valid request: a stream (e.g. a watched job) may stay
        // open until our deadline, which is the client's own limit, not a fault
      }
      record("raw:" + method.substring(method.lastIndexOf('/') + 1), st.getCode(), String.valueOf(st.getDescription()));
    }
  }

  // ------------------------------------------------------------------------------- overload

  /** Far beyond the 8-request queue: measure how fast RESOURCE_EXHAUSTED comes back. */
  private int overloadBurst(ManagedChannel ch, int burst) throws Exception {
    var stub = EmotionServiceGrpc.newStub(ch).withDeadlineAfter(120, TimeUnit.SECONDS);
    ClassifyRequest req = validRaw();
    long[] exhaustedMicros = new long[burst];
    AtomicInteger exhausted = new AtomicInteger();
    Map<Status.Code, AtomicInteger> codes = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(burst);
    long heapBefore = usedHeapAfterGc();
    for (int i = 0; i < burst; i++) {
      long sent = System.nanoTime();
      stub.classify(req, new StreamObserver<>() {
        @Override
        public void onNext(io.emotioncluster.api.v1.ClassifyResponse value) { }

        @Override
        public void onError(Throwable t) {
          Status.Code c = Status.fromThrowable(t).getCode();
          codes.computeIfAbsent(c, k -> new AtomicInteger()).incrementAndGet();
          if (c == Status.Code.RESOURCE_EXHAUSTED) {
            exhaustedMicros[exhausted.getAndIncrement()] = (System.nanoTime() - sent) / 1000;
          }
          done.countDown();
        }

        @Override
        public void onCompleted() {
          codes.computeIfAbsent(Status.Code.OK, k -> new AtomicInteger()).incrementAndGet();
          done.countDown();
        }
      });
    }
    assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
    long heapAfter = usedHeapAfterGc();
    long[] lat = java.util.Arrays.copyOf(exhaustedMicros, exhausted.get());
    java.util.Arrays.sort(lat);
    System.out.printf("overload: %d requests at once on a queue of 8: %s; RESOURCE_EXHAUSTED after p50 %.1f ms, "
        + "p99 %.1f ms, max %.1f ms (send to status, client side); heap after GC %d -> %d MiB%n", burst,
        new TreeMap<>(codes), pct(lat, 0.5), pct(lat, 0.99), pct(lat, 1.0), heapBefore >> 20, heapAfter >> 20);
    assertThat(codes.keySet()).containsOnly(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED);
    assertThat(exhausted.get()).isGreaterThan(burst / 2);
    assertThat(heapAfter - heapBefore).isLessThan(96L << 20);
    return exhausted.get();
  }

  private static double pct(long[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * (sorted.length - 1)))] / 1000.0;
  }

  // --------------------------------------------------------------------------------- helpers

  private static ClassifyRequest validRaw() {
    return ClassifyRequest.newBuilder().setImage(Image.newBuilder().setRaw(RawImage.newBuilder()
        .setPixels(ByteString.copyFrom(new byte[48 * 48])).setWidth(48).setHeight(48).setChannels(1))).build();
  }

  private static String notExisting(Mutations m) {
    String id = m.id();
    return id.trim().equals("v1") ? "v1-not" : id; // the fuzz must not delete the node's only model
  }

  private void call(String rpc, Supplier<?> work) {
    try {
      work.get();
      record(rpc, Status.Code.OK, "");
    } catch (StatusRuntimeException e) {
      record(rpc, e.getStatus().getCode(), String.valueOf(e.getStatus().getDescription()));
    } catch (java.util.NoSuchElementException e) {
      record(rpc, Status.Code.OK, ""); // a stream that ended without events
    }
  }

  private void call(String rpc, Runnable work) {
    call(rpc, () -> {
      work.run();
      return null;
    });
  }

  private synchronized void record(String rpc, Status.Code code, String message) {
    counts.computeIfAbsent(rpc, k -> new TreeMap<>()).computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
    // CANCELLED is how Vert.x answers a message that does not decode (it resets the stream):
    // accepted for the raw-bytes calls only, never for well-formed requests
    boolean cancelled = code == Status.Code.CANCELLED && !rpc.startsWith("raw:");
    if (NEVER.contains(code) || cancelled || message.contains("Exception") || message.contains("\tat ")) {
      firstBad.putIfAbsent(rpc + " " + code, message);
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  };
}
