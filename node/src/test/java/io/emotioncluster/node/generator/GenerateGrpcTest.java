package io.emotioncluster.node.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.api.v1.DatasetSpec;
import io.emotioncluster.api.v1.Emotion;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.GenerateRequest;
import io.emotioncluster.api.v1.GeneratedImage;
import io.emotioncluster.api.v1.GeneratorConfig;
import io.emotioncluster.api.v1.GetVersionRequest;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobKind;
import io.emotioncluster.api.v1.JobState;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.ModelKind;
import io.emotioncluster.api.v1.ModelVersion;
import io.emotioncluster.api.v1.SynthFacsSpec;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.TestNodes;
import io.emotioncluster.node.image.ImageDecoder;
import io.emotioncluster.node.image.ImageLimits;
import io.emotioncluster.node.image.PixelImage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node: a tiny GENERATOR_TRAINING job over Train (losses, sample grids, quality, promotion),
 * then Generate's determinism, per-image seeds, limits and error statuses.
 */
class GenerateGrpcTest {

  @Test
  void trainsAGeneratorAndGeneratesDeterministically(@TempDir Path dir) throws Exception {
    try (EmotionNode node = TestNodes.startReady(TestNodes.config(dir))) {
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
      try {
        var gen = EmotionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.MINUTES);
        var admin = ModelAdminGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES);
        String classifier = node.registry().production(io.emotioncluster.node.registry.ModelKind.CLASSIFIER)
            .orElseThrow();

        StatusRuntimeException none = error(() -> drain(gen.generate(GenerateRequest.getDefaultInstance())));
        assertThat(none.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(none.getStatus().getDescription()).contains("no production generator").contains("--kind generator");

        // a job with an out-of-range setting is refused with the limit
        StatusRuntimeException badRes = error(() -> drain(gen.train(job(GeneratorConfig.newBuilder()
            .setResolution(24).build()))));
        assertThat(badRes.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(badRes.getStatus().getDescription()).contains("power of two in [8, 256]");

        List<JobEvent> events = drain(gen.train(job(GeneratorConfig.newBuilder().setResolution(8).setBaseWidth(16)
            .setLatentSize(16).setMappingLayers(1).setSteps(6).setBatchSize(8).setSampleEverySteps(3)
            .setQualityImagesPerEmotion(4).setSeed(2).build())));
        JobEvent last = events.get(events.size() - 1);
        assertThat(last.getState()).as(last.getMessage()).isEqualTo(JobState.SUCCEEDED);
        assertThat(events).anyMatch(e -> e.getProgress().getGeneratorLoss() > 0
            && e.getProgress().getDiscriminatorLoss() > 0);
        JobEvent withSamples = events.stream().filter(e -> e.getSamplesCount() > 0).findFirst().orElseThrow();
        assertThat(withSamples.getSamplesCount()).isEqualTo(7);
        PixelImage grid = new ImageDecoder(ImageLimits.DEFAULT).decode(withSamples.getSamples(0).getPng().toByteArray());
        assertThat(grid.width()).isEqualTo(16); // 2 x 2 images of 8 px

        ModelVersion v = admin.getVersion(GetVersionRequest.newBuilder().setVersionId(last.getVersionId()).build());
        assertThat(v.getKind()).isEqualTo(ModelKind.GENERATOR);
        assertThat(v.getStage()).isEqualTo(io.emotioncluster.api.v1.Stage.PRODUCTION);
        assertThat(v.getGeneratorSpecJson()).contains("\"resolution\":8");
        assertThat(v.getGeneratorQuality().getClassifierVersion()).isEqualTo(classifier);
        assertThat(v.getGeneratorQuality().getPerEmotionCount()).isEqualTo(7);
        assertThat(v.getGeneratorQuality().getGeneratedImages()).isEqualTo(4);
        assertThat(v.getGeneratorQuality().getRecognisability()).isBetween(0.0, 1.0);
        assertThat(Double.isFinite(v.getGeneratorQuality().getKid())).isTrue();

        // same request, same images; every image has its index and a seed that reproduces it
        GenerateRequest all = GenerateRequest.newBuilder().setCount(2).setSeed(42).build();
        List<GeneratedImage> first = drain(gen.generate(all));
        List<GeneratedImage> again = drain(gen.generate(all));
        assertThat(first).hasSize(14);
        assertThat(again).isEqualTo(first);
        for (int i = 0; i < first.size(); i++) {
          GeneratedImage img = first.get(i);
          assertThat(img.getIndex()).isEqualTo(i);
          assertThat(img.getEmotion().getNumber()).isEqualTo(1 + i / 2);
          assertThat(img.getGeneratorVersion()).isEqualTo(v.getId());
        }
        assertThat(first.get(0).getPng()).isNotEqualTo(first.get(1).getPng()); // two seeds, two faces
        GeneratedImage pick = first.get(5); // FEAR (3), its second image: a derived seed
        List<GeneratedImage> single = drain(gen.generate(GenerateRequest.newBuilder().setEmotion(pick.getEmotion())
            .setSeed(pick.getSeed()).setGeneratorVersion(v.getId()).build()));
        assertThat(single).hasSize(1);
        assertThat(single.get(0).getPng()).isEqualTo(pick.getPng());
        // truncation changes the images
        List<GeneratedImage> untruncated = drain(gen.generate(all.toBuilder().setTruncation(1f).build()));
        assertThat(untruncated.get(0).getPng()).isNotEqualTo(first.get(0).getPng());

        assertCode(gen, all.toBuilder().setCount(257).build(), Status.Code.INVALID_ARGUMENT, "256");
        assertCode(gen, all.toBuilder().setTruncation(1.5f).build(), Status.Code.INVALID_ARGUMENT, "(0, 1]");
        assertCode(gen, all.toBuilder().setTruncation(-0.1f).build(), Status.Code.INVALID_ARGUMENT, "(0, 1]");
        assertCode(gen, all.toBuilder().setGeneratorVersion("v999").build(), Status.Code.NOT_FOUND, "v999");
        assertCode(gen, all.toBuilder().setGeneratorVersion(classifier).build(), Status.Code.INVALID_ARGUMENT,
            "not a generator");

        // a client that stops reading early does not break the node: the next call still works
        Iterator<GeneratedImage> partial = EmotionServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(1, TimeUnit.MINUTES).generate(all.toBuilder().setCount(256).build());
        assertThat(partial.next().getIndex()).isZero();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        ManagedChannel second = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
        try {
          assertThat(drain(EmotionServiceGrpc.newBlockingStub(second).withDeadlineAfter(1, TimeUnit.MINUTES)
              .generate(all))).isEqualTo(first);
        } finally {
          second.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static TrainRequest job(GeneratorConfig config) {
    return TrainRequest.newBuilder()
        .setKind(JobKind.GENERATOR_TRAINING)
        .setDisplayName("tiny generator")
        .setDataset(DatasetSpec.newBuilder().setSynthfacs(SynthFacsSpec.newBuilder()
            .setSubjects(6).setImagesPerEmotion(1).setDifficulty(0.1f).setSeed(5)))
        .setGenerator(config)
        .setPromoteWhenDone(true)
        .build();
  }

  private static void assertCode(EmotionServiceGrpc.EmotionServiceBlockingStub stub, GenerateRequest r,
      Status.Code code, String mentions) {
    StatusRuntimeException e = error(() -> drain(stub.generate(r)));
    assertThat(e.getStatus().getCode()).isEqualTo(code);
    assertThat(e.getStatus().getDescription()).contains(mentions);
  }

  private static <T> List<T> drain(Iterator<T> it) {
    List<T> all = new ArrayList<>();
    it.forEachRemaining(all::add);
    return all;
  }

  private static StatusRuntimeException error(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("call succeeded");
  }
}
