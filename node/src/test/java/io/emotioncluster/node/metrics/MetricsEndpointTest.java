package io.emotioncluster.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.DatasetSpec;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobState;
import io.emotioncluster.api.v1.ListVersionsRequest;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.RawImage;
import io.emotioncluster.api.v1.SynthFacsSpec;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingConfig;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.NodeProcess;
import io.emotioncluster.node.app.TestNodes;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node: calls of several kinds, a small training job, then /metrics is scraped and read. */
class MetricsEndpointTest {

  @Test
  void theSeriesDocumentedInOperationsMdExistWithPlausibleValues(@TempDir Path dir) throws Exception {
    int metricsPort = NodeProcess.freePort();
    var config = TestNodes.config(dir).withOperations(TestNodes.config(dir).operations().withMetricsPort(metricsPort));
    try (EmotionNode node = TestNodes.startReady(config)) {
      assertThat(node.metricsPort()).isEqualTo(metricsPort);
      node.metrics().clusterMembers(() -> 3); // the hook the cluster code feeds
      ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
      var emotion = EmotionServiceGrpc.newBlockingStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS);
      ClassifyRequest ok = ClassifyRequest.newBuilder().setImage(Image.newBuilder().setRaw(RawImage.newBuilder()
          .setPixels(ByteString.copyFrom(new byte[48 * 48])).setWidth(48).setHeight(48).setChannels(1))).build();
      for (int i = 0; i < 5; i++) {
        emotion.classify(ok);
      }
      ClassifyRequest bad = ok.toBuilder().setImage(Image.newBuilder().setEncoded(ByteString.copyFromUtf8("not an image")))
          .build();
      for (int i = 0; i < 2; i++) {
        try {
          emotion.classify(bad);
        } catch (StatusRuntimeException expected) {
          // counted as INVALID_ARGUMENT
        }
      }
      ModelAdminGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
          .listVersions(ListVersionsRequest.getDefaultInstance());
      Iterator<JobEvent> job = EmotionServiceGrpc.newBlockingStub(ch).train(TrainRequest.newBuilder()
          .setDataset(DatasetSpec.newBuilder().setSynthfacs(SynthFacsSpec.newBuilder().setSubjects(4)
              .setImagesPerEmotion(1).setSeed(5)))
          .setConfig(TrainingConfig.newBuilder().setEpochs(1).setSeed(1)).build());
      JobEvent last = null;
      while (job.hasNext()) {
        last = job.next();
      }
      assertThat(last.getState()).isEqualTo(JobState.SUCCEEDED);
      ch.shutdownNow();

      String text = scrape(metricsPort);
      System.out.println("--- /metrics (emotion_ series) ---");
      text.lines().filter(l -> l.startsWith("emotion_") && !l.contains("_bucket")).forEach(System.out::println);

      assertThat(value(text, "emotion_grpc_requests_total", "method=\"EmotionService/Classify\"", "status=\"OK\""))
          .isEqualTo(5);
      assertThat(value(text, "emotion_grpc_requests_total", "method=\"EmotionService/Classify\"",
          "status=\"INVALID_ARGUMENT\"")).isEqualTo(2);
      assertThat(value(text, "emotion_grpc_requests_total", "method=\"ModelAdmin/ListVersions\"", "status=\"OK\""))
          .isEqualTo(1);
      assertThat(value(text, "emotion_grpc_request_duration_seconds_count", "method=\"EmotionService/Classify\"",
          "status=\"OK\"")).isEqualTo(5);
      assertThat(text).contains("emotion_grpc_request_duration_seconds_bucket{");
      double classifySeconds = value(text, "emotion_grpc_request_duration_seconds_sum",
          "method=\"EmotionService/Classify\"", "status=\"OK\"");
      assertThat(classifySeconds).isGreaterThan(0).isLessThan(60);
      // every classification went through a batch: warm-up batches are not counted, so >= 5 requests
      assertThat(value(text, "emotion_inference_batch_size_sum")).isGreaterThanOrEqualTo(5);
      assertThat(value(text, "emotion_inference_batch_size_count")).isBetween(1.0, 5.0);
      assertThat(value(text, "emotion_inference_queue_depth")).isZero();
      assertThat(value(text, "emotion_model_ready")).isEqualTo(1);
      assertThat(value(text, "emotion_models_loaded")).isGreaterThanOrEqualTo(1);
      assertThat(value(text, "emotion_model_load_seconds_count")).isGreaterThanOrEqualTo(1);
      assertThat(value(text, "emotion_model_warmup_seconds_sum")).isGreaterThan(0);
      assertThat(value(text, "emotion_training_jobs_finished_total", "state=\"SUCCEEDED\"")).isEqualTo(1);
      assertThat(value(text, "emotion_training_jobs_running")).isZero();
      assertThat(value(text, "emotion_cluster_members")).isEqualTo(3);
      assertThat(value(text, "jvm_memory_used_bytes")).isGreaterThan(1_000_000);
      // the node trained a model: seconds of CPU, and no more than its cores could give since start
      assertThat(value(text, "emotion_process_cpu_time_seconds_total")).isGreaterThan(0.5)
          .isLessThan(Runtime.getRuntime().availableProcessors()
              * java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
      assertThat(text).contains("vertx_http_server_requests_total");
      assertThat(text).contains("node=\"" + node.nodeId() + "\"");
    }
  }

  static String scrape(int port) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}. */
  static double value(String text, String name, String... labels) {
    Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(text);
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      String l = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String want : labels) {
        all &= l.contains(want);
      }
      if (all) {
        sum += Double.parseDouble(m.group(2));
        found = true;
      }
    }
    assertThat(found).as("series " + name + " " + String.join(",", labels) + " in /metrics").isTrue();
    return sum;
  }
}
