package io.emotioncluster.node.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotioncluster.api.v1.DatasetSpec;
import io.emotioncluster.api.v1.SynthFacsSpec;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.data.DatasetsRoot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --max-dataset-images: a SynthFACS request is refused before queueing, a loaded dataset after counting. */
class DatasetSizeLimitTest {

  @Test
  void datasetsAboveTheLimitAreRefusedNamingTheSetting(@TempDir Path dir) {
    DatasetFactory factory = new DatasetFactory(new DatasetsRoot(dir), 100);
    DatasetSpec small = synth(7, 2);   // 98 images
    DatasetSpec large = synth(10, 2);  // 140 images
    factory.validate(small);
    assertThatThrownBy(() -> factory.validate(large))
        .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID_INPUT))
        .hasMessageContaining("10 subjects x 7 emotions x 2 images")
        .hasMessageContaining("the limit is 100 images per dataset (node setting --max-dataset-images)");
    assertThatThrownBy(() -> factory.load(large)).hasMessageContaining("--max-dataset-images");
    assertThat(factory.load(small).images()).hasSize(98);
  }

  private static DatasetSpec synth(int subjects, int perEmotion) {
    return DatasetSpec.newBuilder().setSynthfacs(SynthFacsSpec.newBuilder().setSubjects(subjects)
        .setImagesPerEmotion(perEmotion).setImageSize(32).setSeed(1)).build();
  }
}
