package io.emotioncluster.node.bench;

import com.google.protobuf.ByteString;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.ServerTiming;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.NodeConfig;
import io.emotioncluster.node.app.OperationsConfig;
import io.emotioncluster.node.security.AuthConfig;
import io.emotioncluster.node.detect.DetectedFace;
import io.emotioncluster.node.detect.FaceAligner;
import io.emotioncluster.node.detect.FaceDetector;
import io.emotioncluster.node.image.ImageDecoder;
import io.emotioncluster.node.image.PixelImage;
import io.emotioncluster.node.image.Preprocessor;
import io.emotioncluster.node.image.InputSpec;
import io.emotioncluster.node.model.Architecture;
import io.emotioncluster.node.image.ImageLimits;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The camera-frame benchmark of issue 14: Classify with detect_faces on one JPEG, against a node
 * started in this process (the face-api model, no bootstrap), over real gRPC on loopback. For
 * each face detector and each concurrency it prints frames/s, client p50/p99, the server's split
 * (image decode, detect, align, queue, classify) and the process's CPU time per frame, which is
 * the honest figure on a shared machine. Separate from bin/benchmark, which measures plain
 * Classify of face crops.
 *
 * <p>Run with {@code bin/face-benchmark} (see there for the flags).
 */
public final class FaceBenchmark {

  private FaceBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Path image = null;
    double seconds = 10;
    List<String> detectors = List.of("blazeface");
    List<Integer> concurrencies = List.of(1, 4);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--image" -> image = Path.of(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--detectors" -> detectors = List.of(args[++i].split(","));
        case "--concurrency" -> concurrencies = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        default -> {
          System.err.println("usage: FaceBenchmark --image FILE.jpg [--seconds 10] [--detectors blazeface,haar] "
              + "[--concurrency 1,4]");
          System.exit(2);
        }
      }
    }
    if (image == null) {
      System.err.println("--image is required (bin/face-benchmark passes the bundled 640x480 frame)");
      System.exit(2);
    }
    byte[] jpeg = Files.readAllBytes(image);
    decoders(jpeg);
    for (String d : detectors) {
      stages(jpeg, d);
    }
    for (String d : detectors) {
      Path dir = Files.createTempDirectory("face-bench");
      NodeConfig config = NodeConfig.defaults(dir).withHost("127.0.0.1").withPort(0)
          .withBootstrap(false, null).withFaceApiImport(true).withFaceDetector(d)
          .withOperations(OperationsConfig.defaults().withAuth(AuthConfig.none())); // loopback only
      try (EmotionNode node = EmotionNode.start(config)) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext()
            .maxInboundMessageSize(16 << 20).build();
        try {
          run(channel, jpeg, d, seconds, concurrencies);
        } finally {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    }
    System.exit(0); // node threads are daemons, but the engine's may not be
  }

  /** ImageIO (what the node uses) against OpenCV's native imdecode, on the same bytes. */
  private static void decoders(byte[] jpeg) {
    ImageDecoder imageIo = new ImageDecoder(ImageLimits.DEFAULT);
    int n = 40;
    for (int i = 0; i < 5; i++) {
      imageIo.decode(jpeg);
      openCv(jpeg);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      imageIo.decode(jpeg);
    }
    long t1 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      openCv(jpeg);
    }
    long t2 = System.nanoTime();
    System.out.printf("JPEG decode, one thread: ImageIO %.2f ms, OpenCV imdecode %.2f ms per frame%n",
        (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n);
  }

  /**
   * The stages before the model, one after the other on this thread, without gRPC or queues:
   * process CPU time and wall time per frame for each (OpenCV's own threads included in CPU).
   * Classification is left to the node's figures: its batcher is what serves requests.
   */
  private static void stages(byte[] jpeg, String detectorName) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    FaceDetector detector = FaceDetector.named(detectorName);
    InputSpec input = Architecture.faceApiExpression().input();
    {
      Preprocessor pre = new Preprocessor(input);
      PixelImage img = decoder.decode(jpeg);
      List<DetectedFace> faces = detector.detect(img);
      int n = 30;
      String[] names = {"decode", "detect", "align"};
      double[][] cpuWall = new double[3][2];
      for (int round = 0; round < 2; round++) { // the first round warms up
        for (int stage = 0; stage < 3; stage++) {
          long cpu0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          for (int i = 0; i < n; i++) {
            switch (stage) {
              case 0 -> decoder.decode(jpeg);
              case 1 -> detector.detect(img);
              default -> {
                for (DetectedFace f : faces) {
                  pre.apply(FaceAligner.align(img, f, FaceAligner.DEFAULT_MARGIN, input.width()));
                }
              }
            }
          }
          cpuWall[stage][0] = (os.getProcessCpuTime() - cpu0) / 1e6 / n;
          cpuWall[stage][1] = (System.nanoTime() - t0) / 1e6 / n;
        }
      }
      StringBuilder sb = new StringBuilder();
      double cpu = 0;
      double wall = 0;
      for (int stage = 0; stage < 3; stage++) {
        sb.append(String.format(" %s %.1f/%.1f", names[stage], cpuWall[stage][0], cpuWall[stage][1]));
        cpu += cpuWall[stage][0];
        wall += cpuWall[stage][1];
      }
      System.out.printf("stages with %s, %d faces, ms per frame CPU/wall:%s; sum %.1f/%.1f%n", detectorName,
          faces.size(), sb, cpu, wall);
    }
  }

  private static void openCv(byte[] jpeg) {
    try (BytePointer p = new BytePointer(jpeg); Mat buf = new Mat(1, jpeg.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, p);
        Mat img = opencv_imgcodecs.imdecode(buf, opencv_imgcodecs.IMREAD_COLOR)) {
      if (img.empty()) {
        throw new IllegalStateException("imdecode failed");
      }
    }
  }

  private record Sample(long clientMicros, ServerTiming timing, int faces) {}

  private static void run(ManagedChannel channel, byte[] jpeg, String detector, double seconds,
      List<Integer> concurrencies) throws Exception {
    ClassifyRequest request = ClassifyRequest.newBuilder()
        .setImage(Image.newBuilder().setEncoded(ByteString.copyFrom(jpeg))).setDetectFaces(true).build();
    var stub = EmotionServiceGrpc.newBlockingStub(channel);
    // the node imports the face-api model at start-up: wait until it answers
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    ClassifyResponse first = null;
    while (first == null) {
      try {
        first = stub.withDeadlineAfter(60, TimeUnit.SECONDS).classify(request);
      } catch (StatusRuntimeException e) {
        if (System.nanoTime() > until) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
    for (int i = 0; i < 20; i++) {
      stub.classify(request); // warm-up
    }
    System.out.printf("%n== detector %s, model %s, %d faces found%n", detector, first.getModelVersion(),
        first.getPredictionsCount());
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int c : concurrencies) {
      List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean stop = new AtomicBoolean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < c; i++) {
        Thread t = new Thread(() -> {
          while (!stop.get()) {
            long s = System.nanoTime();
            ClassifyResponse r = stub.withDeadlineAfter(60, TimeUnit.SECONDS).classify(request);
            samples.add(new Sample((System.nanoTime() - s) / 1000, r.getTiming(), r.getPredictionsCount()));
          }
        });
        t.start();
        threads.add(t);
      }
      Thread.sleep((long) (seconds * 1000));
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
      report(c, samples, wall, cpuMs);
    }
  }

  private static void report(int concurrency, List<Sample> samples, double wallSeconds, double cpuMs) {
    int n = samples.size();
    long[] lat = samples.stream().mapToLong(Sample::clientMicros).sorted().toArray();
    double decode = samples.stream().mapToLong(s -> s.timing().getImageDecodeUs()).average().orElse(0) / 1000;
    double detect = samples.stream().mapToLong(s -> s.timing().getDetectUs()).average().orElse(0) / 1000;
    double align = samples.stream().mapToLong(s -> s.timing().getAlignUs()).average().orElse(0) / 1000;
    double queue = samples.stream().mapToLong(s -> s.timing().getQueueUs()).average().orElse(0) / 1000;
    double classify = samples.stream().mapToLong(s -> s.timing().getComputeUs()).average().orElse(0) / 1000;
    double server = samples.stream().mapToLong(s -> s.timing().getTotalUs()).average().orElse(0) / 1000;
    System.out.printf("concurrency %d: %d frames in %.1f s = %.1f frames/s; client p50 %.1f ms, p99 %.1f ms;"
            + " CPU %.1f ms per frame (%d cores)%n", concurrency, n, wallSeconds, n / wallSeconds,
        lat[n / 2] / 1000.0, lat[Math.min(n - 1, (int) (n * 0.99))] / 1000.0, cpuMs / n,
        Runtime.getRuntime().availableProcessors());
    System.out.printf("  server mean: decode %.1f, detect %.1f, align %.1f, queue %.1f, classify %.1f ms"
        + " (classify = the batch's forward pass), total %.1f ms%n", decode, detect, align, queue, classify, server);
  }
}
