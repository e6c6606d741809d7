package io.emotioncluster.node.generator;

import io.emotioncluster.api.v1.GeneratorConfig;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.jobs.JobRun;
import java.util.List;
import java.util.Map;

/**
 * What other jobs (augmented classifier training, experiments) need from the generator side:
 * open a registered generator, or train and register one on a given training split.
 */
public interface GeneratorProvider {

  /**
   * Loads a generator version; an empty id means the production generator. Throws
   * ServiceException NOT_FOUND for an unknown id, INVALID_INPUT for a classifier id and
   * PRECONDITION when there is no production generator.
   */
  FaceGenerator open(String versionId);

  /**
   * Trains a generator on {@code train} (quality measured against {@code test}), reporting
   * progress through {@code run}, and registers it with {@code tags}. Returns the version id.
   */
  String trainAndRegister(JobRun run, List<LabeledImage> train, List<LabeledImage> test, GeneratorConfig config,
      Map<String, String> tags) throws Exception;
}
