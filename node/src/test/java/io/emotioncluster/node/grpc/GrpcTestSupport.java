package io.emotioncluster.node.grpc;

import io.emotioncluster.api.v1.DatasetSpec;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobState;
import io.emotioncluster.api.v1.SynthFacsSpec;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.TrainingConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Small helpers shared by the gRPC tests. */
final class GrpcTestSupport {

  static final Set<JobState> TERMINAL = Set.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED);

  private GrpcTestSupport() {}

  /** A quick SynthFACS classifier job (easy data, a few epochs). */
  static TrainRequest synthJob(int subjects, int epochs) {
    return synthJob(subjects, 3, epochs);
  }

  static TrainRequest synthJob(int subjects, int imagesPerEmotion, int epochs) {
    return TrainRequest.newBuilder()
        .setDisplayName("test job")
        .setDataset(DatasetSpec.newBuilder().setSynthfacs(SynthFacsSpec.newBuilder()
            .setSubjects(subjects).setImagesPerEmotion(imagesPerEmotion).setDifficulty(0.2f).setSeed(11)))
        .setConfig(TrainingConfig.newBuilder().setEpochs(epochs).setSeed(3))
        .build();
  }

  static List<JobEvent> drain(Iterator<JobEvent> events) {
    List<JobEvent> all = new ArrayList<>();
    while (events.hasNext()) {
      all.add(events.next());
    }
    return all;
  }

  static Status.Code codeOf(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
    throw new AssertionError("call succeeded");
  }

  static StatusRuntimeException errorOf(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("call succeeded");
  }
}
