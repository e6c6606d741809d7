package io.emotioncluster.node.app;

import io.emotioncluster.node.model.Classifier;
import io.emotioncluster.node.model.EngineConfig;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emotion-node bench-engine}: the DJL engine alone, in process, with no gRPC, decoding or
 * queueing: the practical limit a node is measured against. Prints one JSON object per batch size.
 */
@Command(name = "bench-engine", mixinStandardHelpOptions = true,
    description = "Measure the in-process engine alone (forward passes on preprocessed input); prints JSON lines.")
final class EngineBench implements Callable<Integer> {

  @Option(names = {"-d", "--data-dir"}, defaultValue = "${env:EMOTION_DATA_DIR:-data}", description = "data directory")
  Path dataDir;

  @Option(names = "--model-version", defaultValue = "", description = "version (default: production)")
  String version;

  @Option(names = "--batch-sizes", split = ",", defaultValue = "1,32", description = "default ${DEFAULT-VALUE}")
  int[] batchSizes;

  @Option(names = "--threads", defaultValue = "1",
      description = "parallel predictors, each on its own thread (use the node's inference threads for the limit)")
  int threads;

  @Option(names = "--seconds", defaultValue = "10", description = "measured seconds per batch size")
  double seconds;

  @Option(names = "--engine", defaultValue = "${env:EMOTION_ENGINE:-MXNet}")
  String engine;

  @Option(names = "--device", defaultValue = "${env:EMOTION_DEVICE:-auto}")
  String device;

  @Override
  public Integer call() throws Exception {
    ModelRegistry registry = new ModelRegistry(dataDir.resolve("registry"));
    String id = version.isBlank() ? registry.production(ModelKind.CLASSIFIER).orElseThrow(() ->
        new IllegalStateException("no production classifier in " + dataDir)) : version;
    try (Classifier c = registry.loadClassifier(id, new EngineConfig(engine, device))) {
      for (int batch : batchSizes) {
        System.out.println(measure(c, id, batch));
      }
    }
    return 0;
  }

  private String measure(Classifier c, String id, int batch) throws InterruptedException {
    int size = c.input().size();
    List<long[]> perThread = new ArrayList<>();
    long[] counts = new long[threads];
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int me = t;
      long[] lat = new long[1 << 20];
      perThread.add(lat);
      workers.add(new Thread(() -> {
        float[] x = new float[batch * size];
        Random r = new Random(me);
        for (int i = 0; i < x.length; i++) {
          x[i] = r.nextFloat();
        }
        try (Classifier.Forward f = c.newForward()) {
          while (!stop.get()) {
            long t0 = System.nanoTime();
            f.probabilities(x, batch);
            long us = (System.nanoTime() - t0) / 1000;
            if (measuring.get() && counts[me] < lat.length) {
              lat[(int) counts[me]++] = us;
            }
          }
        }
      }, "bench-" + t));
    }
    workers.forEach(Thread::start);
    Thread.sleep(2000); // warm-up: the first passes after loading run several times slower
    long t0 = System.nanoTime();
    long cpu0 = io.emotioncluster.node.metrics.ProcessCpu.micros();
    measuring.set(true);
    Thread.sleep((long) (seconds * 1000));
    measuring.set(false);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long cpuMicros = io.emotioncluster.node.metrics.ProcessCpu.micros() - cpu0;
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    long total = Arrays.stream(counts).sum();
    long[] all = new long[(int) total];
    int k = 0;
    for (int t = 0; t < threads; t++) {
      System.arraycopy(perThread.get(t), 0, all, k, (int) counts[t]);
      k += counts[t];
    }
    Arrays.sort(all);
    return String.format(Locale.ROOT, "{\"version\":\"%s\",\"batch\":%d,\"threads\":%d,\"forwards\":%d,"
        + "\"images_per_second\":%.1f,\"forward_p50_us\":%d,\"forward_p99_us\":%d,\"cpu_us_per_image\":%.1f}",
        id, batch, threads, total, total * batch / elapsed, pct(all, 50), pct(all, 99),
        total == 0 ? 0.0 : (double) cpuMicros / (total * batch));
  }

  private static long pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }
}
