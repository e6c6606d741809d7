package io.emotioncluster.node.model.faceapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.ListVersionsRequest;
import io.emotioncluster.api.v1.ListVersionsResponse;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.ModelVersion;
import io.emotioncluster.api.v1.PromoteRequest;
import io.emotioncluster.api.v1.Stage;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.TestNodes;
import io.emotioncluster.node.model.Architecture;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh node registers the imported face-api model next to its SynthFACS bootstrap (which stays
 * production), serves it by model_version, lets an operator promote it, and does not import it
 * twice on restart.
 */
class FaceApiNodeGrpcTest {

  @Test
  void freshNodeOffersTheImportedModel(@TempDir Path dir) throws Exception {
    var config = TestNodes.config(dir).withFaceApiImport(true);
    {
      String importedId;
      try (EmotionNode node = TestNodes.startReady(config)) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
        try {
          var emotion = EmotionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
          var admin = ModelAdminGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);

          ListVersionsResponse list = admin.listVersions(ListVersionsRequest.getDefaultInstance());
          List<ModelVersion> imported = list.getVersionsList().stream()
              .filter(v -> v.getSource().equals("imported")).toList();
          assertThat(imported).hasSize(1);
          ModelVersion v = imported.get(0);
          importedId = v.getId();
          assertThat(v.getArchitecture()).isEqualTo(Architecture.FACEAPI_EXPRESSION);
          assertThat(v.getDisplayName()).isEqualTo(FaceApiImporter.DISPLAY_NAME);
          assertThat(v.getLicense()).contains("MIT").contains("face-api");
          assertThat(v.getParameterCount()).isEqualTo(323_687L);
          assertThat(v.getInput().getWidth()).isEqualTo(112);
          assertThat(v.getInput().getNormalization()).isEqualTo("faceapi-mean");
          assertThat(v.getStage()).isEqualTo(Stage.CANDIDATE);
          // the SynthFACS bootstrap stays production
          assertThat(list.getProductionClassifier()).isNotEmpty().isNotEqualTo(importedId);

          ClassifyResponse r = emotion.classify(ClassifyRequest.newBuilder().setImage(smile())
              .setModelVersion(importedId).build());
          assertThat(r.getModelVersion()).isEqualTo(importedId);
          assertThat(r.getPredictions(0).getEmotion()).isEqualTo(io.emotioncluster.api.v1.Emotion.HAPPINESS);
          assertThat(r.getPredictions(0).getConfidence()).isGreaterThan(0.9f);
          System.out.println("served by " + importedId + ": " + r.getPredictions(0).getScoresList());

          // the operator chooses: promote the imported model, then it answers by default
          admin.promote(PromoteRequest.newBuilder().setVersionId(importedId).build());
          ClassifyResponse byDefault = emotion.classify(ClassifyRequest.newBuilder().setImage(smile()).build());
          assertThat(byDefault.getModelVersion()).isEqualTo(importedId);
          assertThat(byDefault.getPredictions(0).getEmotion()).isEqualTo(io.emotioncluster.api.v1.Emotion.HAPPINESS);
        } finally {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      }
      try (EmotionNode again = TestNodes.startReady(config)) {
        assertThat(again.registry().list(null, null).stream().filter(v -> "imported".equals(v.source())))
            .hasSize(1);
        assertThat(again.registry().production(io.emotioncluster.node.registry.ModelKind.CLASSIFIER))
            .contains(importedId);
      }
    }
  }

  static Image smile() throws Exception {
    try (InputStream in = FaceApiNodeGrpcTest.class.getResourceAsStream("/faceapi/smile.png")) {
      return Image.newBuilder().setEncoded(ByteString.copyFrom(in.readAllBytes())).build();
    }
  }
}
