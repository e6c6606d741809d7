package io.emotioncluster.node.augmentation;

import io.emotioncluster.api.v1.GeneratorConfig;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.data.LabeledImage;
import io.emotioncluster.node.generator.FaceGenerator;
import io.emotioncluster.node.generator.GeneratorProvider;
import io.emotioncluster.node.jobs.JobRun;
import java.util.List;
import java.util.Map;

/**
 * The provider of a node built without the generator: augmentation and experiments that need a
 * generator answer UNIMPLEMENTED with a message instead of failing later.
 */
public final class NoGenerators implements GeneratorProvider {

  private static final String WHY = "this node has no generator implementation yet (it arrives with the "
      + "generator release); train without augmentation";

  @Override
  public FaceGenerator open(String versionId) {
    throw new ServiceException(ServiceException.Kind.UNIMPLEMENTED, WHY);
  }

  @Override
  public String trainAndRegister(JobRun run, List<LabeledImage> train, List<LabeledImage> test, GeneratorConfig config,
      Map<String, String> tags) {
    throw new ServiceException(ServiceException.Kind.UNIMPLEMENTED, WHY);
  }
}
