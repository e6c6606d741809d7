package io.emotioncluster.node.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.emotioncluster.api.v1.BoundingBox;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.ListVersionsRequest;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.Prediction;
import io.emotioncluster.api.v1.RawImage;
import io.emotioncluster.api.v1.StreamFrame;
import io.emotioncluster.api.v1.StreamResult;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.TestNodes;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classify with detect_faces over gRPC on a node that has the imported face-api expression model:
 * one prediction per face, largest first, each with its box; none on a blank frame; without
 * detect_faces the whole image is one face, as before.
 */
class FaceDetectionGrpcTest {

  @Test
  void smilingFacesInARealPhoto(@TempDir Path dir) throws Exception {
    try (EmotionNode node = TestNodes.startReady(TestNodes.config(dir).withFaceApiImport(true))) {
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
      try {
        var emotion = EmotionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
        var admin = ModelAdminGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
        String importedId = admin.listVersions(ListVersionsRequest.getDefaultInstance()).getVersionsList()
            .stream().filter(v -> v.getSource().equals("imported")).findFirst().orElseThrow().getId();

        ClassifyResponse r = emotion.classify(ClassifyRequest.newBuilder().setImage(photo("sample3.jpg"))
            .setModelVersion(importedId).setDetectFaces(true).build());
        System.out.println("detect_faces on sample3: " + r);
        assertThat(r.getModelVersion()).isEqualTo(importedId);
        assertThat(r.getPredictionsCount()).isEqualTo(3);
        Prediction largest = r.getPredictions(0);
        assertThat(largest.getEmotion()).isEqualTo(io.emotioncluster.api.v1.Emotion.HAPPINESS);
        BoundingBox box = largest.getFace();
        // the middle woman's face, centre near (387, 121) in the 640x450 photo
        assertThat(box.getX()).isBetween(320, 360);
        assertThat(box.getX() + box.getWidth()).isBetween(400, 460);
        assertThat(box.getY()).isBetween(50, 100);
        for (int i = 1; i < r.getPredictionsCount(); i++) {
          BoundingBox b = r.getPredictions(i).getFace();
          BoundingBox prev = r.getPredictions(i - 1).getFace();
          assertThat((long) b.getWidth() * b.getHeight()).isLessThanOrEqualTo((long) prev.getWidth() * prev.getHeight());
          assertThat(r.getPredictions(i).getScoresCount()).isEqualTo(7);
        }

        // no face: no prediction
        ClassifyResponse none = emotion.classify(ClassifyRequest.newBuilder()
            .setImage(Image.newBuilder().setRaw(RawImage.newBuilder().setWidth(64).setHeight(48).setChannels(1)
                .setPixels(ByteString.copyFrom(new byte[64 * 48])))).setModelVersion(importedId)
            .setDetectFaces(true).build());
        assertThat(none.getPredictionsList()).isEmpty();
        assertThat(none.getModelVersion()).isEqualTo(importedId);

        // without detect_faces: one prediction for the whole image, no box
        ClassifyResponse whole = emotion.classify(ClassifyRequest.newBuilder().setImage(photo("sample3.jpg"))
            .setModelVersion(importedId).build());
        assertThat(whole.getPredictionsCount()).isEqualTo(1);
        assertThat(whole.getPredictions(0).hasFace()).isFalse();

        // ClassifyStream frames accept detect_faces too
        List<StreamResult> results = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<StreamFrame> frames = EmotionServiceGrpc.newStub(channel)
            .classifyStream(new StreamObserver<>() {
              @Override
              public void onNext(StreamResult value) {
                synchronized (results) {
                  results.add(value);
                }
              }

              @Override
              public void onError(Throwable t) {
                done.countDown();
              }

              @Override
              public void onCompleted() {
                done.countDown();
              }
            });
        frames.onNext(StreamFrame.newBuilder().setFrameId(7).setRequest(ClassifyRequest.newBuilder()
            .setImage(photo("sample6.jpg")).setModelVersion(importedId).setDetectFaces(true)).build());
        frames.onCompleted();
        assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
        assertThat(results).hasSize(1);
        assertThat(results.get(0).getFrameId()).isEqualTo(7);
        assertThat(results.get(0).getResponse().getPredictionsCount()).isEqualTo(4);
        assertThat(results.get(0).getResponse().getPredictions(0).getFace().getX()).isGreaterThan(450);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  static Image photo(String name) throws Exception {
    try (InputStream in = FaceDetectionGrpcTest.class.getResourceAsStream("/faceapi/photos/" + name)) {
      return Image.newBuilder().setEncoded(ByteString.copyFrom(in.readAllBytes())).build();
    }
  }
}
