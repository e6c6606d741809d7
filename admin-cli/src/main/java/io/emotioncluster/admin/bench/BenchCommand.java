package io.emotioncluster.admin.bench;

import com.google.protobuf.ByteString;
import io.emotioncluster.admin.AdminCommand;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.output.Format;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.RawImage;
import io.emotioncluster.admin.client.ClientSecurity;
import io.emotioncluster.admin.client.ClusterChannel;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: load-tests Classify on every node of {@code --target} at once, through one channel
 * with the shipped client settings (round_robin, health checks, retries), with the same token and
 * TLS options as every other command. Closed loop at a concurrency, open loop at a rate, or a ramp
 * of open-loop rates that finds the highest one holding a p99 objective. Reports cluster-wide and
 * per-node throughput and latency percentiles, errors by status code, the server's queue/compute
 * split and added time, and (with an admin token) each node's CPU time per request.
 */
@Command(name = "bench", description = {
    "Load-test Classify over every --target node: closed loop (--concurrency), open loop (--rate),",
    "or --ramp (open-loop rates step by step up to the highest that keeps p99 <= --slo-p99-ms).",
    "Reports throughput and p50/p90/p99/p99.9 per node and in total, errors by status code, the server's",
    "queue/compute split, its added time (total - compute), and node CPU per request (admin token)."})
public final class BenchCommand extends AdminCommand {

  @Option(names = {"-c", "--concurrency"}, defaultValue = "8", description = "requests outstanding (closed loop), default ${DEFAULT-VALUE}")
  int concurrency;

  @Option(names = "--rate", defaultValue = "0", description = "requests per second (open loop); overrides --concurrency; the first rate of --ramp")
  double rate;

  @Option(names = {"-d", "--duration"}, defaultValue = "10", description = "measured seconds (per step with --ramp), default ${DEFAULT-VALUE}")
  double durationSeconds;

  @Option(names = {"-n", "--requests"}, defaultValue = "0", description = "measured requests instead of a duration")
  long requests;

  @Option(names = "--warmup", defaultValue = "3", description = "unmeasured seconds first (per step with --ramp), default ${DEFAULT-VALUE}")
  double warmupSeconds;

  @Option(names = "--ramp", description = "raise an open-loop rate step by step until p99 exceeds --slo-p99-ms")
  boolean ramp;

  @Option(names = "--ramp-step", defaultValue = "0", description = "req/s added per step (default: the first rate)")
  double rampStep;

  @Option(names = "--max-rate", defaultValue = "100000", description = "highest rate a ramp tries, default ${DEFAULT-VALUE}")
  double maxRate;

  @Option(names = "--slo-p99-ms", defaultValue = "50", description = "the p99 a ramp step must keep, default ${DEFAULT-VALUE} ms")
  double sloP99Ms;

  @Option(names = "--image", description = "an image file to send (default: a 48x48 gray raw frame)")
  Path image;

  @Option(names = "--model-version", defaultValue = "", description = "version to ask for (default: production)")
  String version;

  @Option(names = "--detect-faces", description = "ask the node to find and classify every face (camera frames)")
  boolean detectFaces;

  @Override
  protected int run() throws Exception {
    List<String> nodes = root().targets();
    ClientSecurity security = root().security();
    ClassifyRequest request = ClassifyRequest.newBuilder().setImage(image()).setModelVersion(version)
        .setDetectFaces(detectFaces).build();
    ManagedChannel channel = ClusterChannel.open(nodes, security, 16 * 1024 * 1024);
    try (CpuProbe cpu = new CpuProbe(nodes, security)) {
      prime(channel, request);
      LoadGenerator generator = new LoadGenerator(channel, request);
      if (ramp) {
        return ramp(generator, cpu, nodes);
      }
      BenchPlan plan = plan(rate > 0 ? 0 : concurrency, rate);
      if (format() != Format.json) {
        err().printf("benchmarking %s: %s for %s%n", String.join(",", nodes), plan.openLoop() ? "rate " + rate + "/s"
            : "concurrency " + concurrency, requests > 0 ? requests + " requests" : durationSeconds + " s");
        err().flush();
      }
      BenchResult result = measure(generator, cpu, plan);
      out().print(format() == Format.json ? BenchReport.json(result, cpu.unavailable()) + System.lineSeparator()
          : BenchReport.table(result, cpu.unavailable()));
      return result.ok() == 0 ? ExitCodes.FAILED : ExitCodes.OK;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Open-loop steps from --rate up by --ramp-step. A step holds when its p99 is within the
   * objective, under 1% of its calls failed, and the nodes kept up (95% of the offered rate
   * answered); the ramp stops at the first step that does not.
   */
  private int ramp(LoadGenerator generator, CpuProbe cpu, List<String> nodes) throws InterruptedException {
    double first = rate > 0 ? rate : 10;
    double step = rampStep > 0 ? rampStep : first;
    List<BenchReport.Step> steps = new ArrayList<>();
    double best = 0;
    for (double r = first; r <= maxRate; r += step) {
      if (format() != Format.json) {
        err().printf("ramp over %s: %.0f req/s for %.0f s...%n", String.join(",", nodes), r, durationSeconds);
        err().flush();
      }
      BenchResult result = measure(generator, cpu, plan(0, r));
      BenchReport.Step s = BenchReport.Step.of(result, sloP99Ms);
      steps.add(s);
      if (!s.holds()) {
        break;
      }
      best = r;
    }
    out().print(format() == Format.json ? BenchReport.rampJson(steps, sloP99Ms, best, cpu.unavailable()) + System.lineSeparator()
        : BenchReport.rampTable(steps, sloP99Ms, best, cpu.unavailable()));
    return best > 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /**
   * One call before any timing, so that connecting, TLS handshakes and the first health checks
   * are not counted in the first measured period (a ramp has no warm-up worth the name at its
   * first step). A failure here is not fatal: the run then counts the same errors by code.
   */
  private void prime(ManagedChannel channel, ClassifyRequest request) {
    try {
      io.emotioncluster.api.v1.EmotionServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(Math.max(1, root().timeoutSeconds()), TimeUnit.SECONDS).classify(request);
    } catch (io.grpc.StatusRuntimeException e) {
      if (format() != Format.json) {
        err().printf("first call: %s %s%n", e.getStatus().getCode(), e.getStatus().getDescription());
        err().flush();
      }
    }
  }

  private BenchResult measure(LoadGenerator generator, CpuProbe cpu, BenchPlan plan) throws InterruptedException {
    Map<String, CpuProbe.Reading>[] readings = newReadings();
    BenchResult result = generator.run(plan, () -> readings[0] = cpu.read(), () -> readings[1] = cpu.read());
    if (readings[0] == null || readings[1] == null) {
      return result;
    }
    return result.withCpu(CpuProbe.between(readings[0], readings[1]));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, CpuProbe.Reading>[] newReadings() {
    return new Map[2];
  }

  private BenchPlan plan(int closedConcurrency, double openRate) {
    return new BenchPlan(closedConcurrency, openRate,
        requests > 0 ? null : Duration.ofMillis((long) (durationSeconds * 1000)), requests,
        Duration.ofMillis((long) (warmupSeconds * 1000)), Duration.ofSeconds(Math.max(1, root().timeoutSeconds())));
  }

  private Image image() throws Exception {
    if (image != null) {
      return Image.newBuilder().setEncoded(ByteString.copyFrom(Files.readAllBytes(image))).build();
    }
    byte[] px = new byte[48 * 48];
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 48; x++) {
        px[y * 48 + x] = (byte) (x * 5 + y * 2);
      }
    }
    return Image.newBuilder().setRaw(RawImage.newBuilder().setPixels(ByteString.copyFrom(px))
        .setWidth(48).setHeight(48).setChannels(1)).build();
  }
}
