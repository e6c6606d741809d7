package io.emotioncluster.admin.bench;

import com.google.protobuf.ByteString;
import io.emotioncluster.admin.AdminCommand;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.output.Format;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.RawImage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: load-tests Classify on one node, closed loop at a concurrency or open loop at a
 * rate, and reports throughput, latency percentiles, errors by status code and the server's
 * queue/compute split taken from the responses.
 */
@Command(name = "bench", description = {
    "Load-test Classify: closed loop (--concurrency) or open loop (--rate), for --duration or --requests.",
    "Reports throughput, p50/p90/p99/p99.9, errors by status code and the server's queue/compute split."})
public final class BenchCommand extends AdminCommand {

  @Option(names = {"-c", "--concurrency"}, defaultValue = "8", description = "requests outstanding (closed loop), default ${DEFAULT-VALUE}")
  int concurrency;

  @Option(names = "--rate", defaultValue = "0", description = "requests per second (open loop); overrides --concurrency")
  double rate;

  @Option(names = {"-d", "--duration"}, defaultValue = "10", description = "measured seconds, default ${DEFAULT-VALUE}")
  double durationSeconds;

  @Option(names = {"-n", "--requests"}, defaultValue = "0", description = "measured requests instead of a duration")
  long requests;

  @Option(names = "--warmup", defaultValue = "3", description = "unmeasured seconds first, default ${DEFAULT-VALUE}")
  double warmupSeconds;

  @Option(names = "--image", description = "an image file to send (default: a 48x48 gray raw frame)")
  Path image;

  @Option(names = "--model-version", defaultValue = "", description = "version to ask for (default: production)")
  String version;

  @Option(names = "--detect-faces", description = "ask the node to find and classify every face (camera frames)")
  boolean detectFaces;

  @Override
  protected int run() throws Exception {
    String target = client().connect(); // the first healthy node of --target
    ClassifyRequest request = ClassifyRequest.newBuilder().setImage(image()).setModelVersion(version)
        .setDetectFaces(detectFaces).build();
    BenchPlan plan = new BenchPlan(rate > 0 ? 0 : concurrency, rate,
        requests > 0 ? null : Duration.ofMillis((long) (durationSeconds * 1000)), requests,
        Duration.ofMillis((long) (warmupSeconds * 1000)), Duration.ofSeconds(Math.max(1, root().timeoutSeconds())));
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      if (format() != Format.json) {
        err().printf("benchmarking %s: %s for %s%n", target, plan.openLoop() ? "rate " + rate + "/s"
            : "concurrency " + concurrency, requests > 0 ? requests + " requests" : durationSeconds + " s");
        err().flush();
      }
      BenchResult result = new LoadGenerator(channel, request).run(plan);
      out().print(format() == Format.json ? BenchReport.json(result) + System.lineSeparator() : BenchReport.table(result));
      return result.ok() == 0 ? ExitCodes.FAILED : ExitCodes.OK;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
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
