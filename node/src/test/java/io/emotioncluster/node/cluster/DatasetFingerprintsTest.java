package io.emotioncluster.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.api.v1.DatasetSpec;
import io.emotioncluster.api.v1.Fer2013Spec;
import io.emotioncluster.api.v1.ImageFolderSpec;
import io.emotioncluster.api.v1.SynthFacsSpec;
import io.emotioncluster.api.v1.TrainRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFingerprintsTest {

  @Test
  void sameFilesSameFingerprintAnyChangeAnother(@TempDir Path tmp) throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    for (Path root : new Path[] {a, b}) {
      Files.createDirectories(root.resolve("faces/happy"));
      Files.createDirectories(root.resolve("faces/sad"));
      Files.writeString(root.resolve("faces/happy/1.png"), "smile");
      Files.writeString(root.resolve("faces/sad/1.png"), "frown");
      Files.writeString(root.resolve("fer.csv"), "emotion,pixels,Usage\n");
    }
    DatasetFingerprints onA = new DatasetFingerprints(a);
    DatasetFingerprints onB = new DatasetFingerprints(b);
    String folder = onA.of("faces");
    assertThat(folder).hasSize(64).isEqualTo(onB.of("faces"));
    assertThat(onA.of("fer.csv")).isEqualTo(onB.of("fer.csv")).isNotEqualTo(folder);

    // same names, other content: another fingerprint (also when size and mtime hide nothing)
    Files.writeString(b.resolve("faces/sad/1.png"), "tears");
    assertThat(onB.of("faces")).isNotEqualTo(folder);
    // a file renamed between emotions: another fingerprint
    Files.writeString(b.resolve("faces/sad/1.png"), "frown");
    assertThat(onB.of("faces")).isEqualTo(folder);
    Files.move(b.resolve("faces/sad/1.png"), b.resolve("faces/happy/2.png"));
    assertThat(onB.of("faces")).isNotEqualTo(folder);
    // the cache notices a rewrite with the same size once the modification time moves
    Path f = a.resolve("fer.csv");
    String before = onA.of("fer.csv");
    Files.writeString(f, "emotion,pixels,USAGE\n");
    Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5000));
    assertThat(onA.of("fer.csv")).isNotEqualTo(before);
  }

  @Test
  void aPathANodeDoesNotHoldIsAbsent(@TempDir Path tmp) throws Exception {
    assertThat(new DatasetFingerprints(tmp).of("nowhere")).isEqualTo(DatasetFingerprints.ABSENT);
    assertThat(new DatasetFingerprints(tmp).of("../etc")).isEqualTo(DatasetFingerprints.ABSENT);
  }

  @Test
  void onlyFolderAndCsvDatasetsNameAPath() {
    assertThat(JobReplicator.datasetPath(TrainRequest.newBuilder().setDataset(DatasetSpec.newBuilder()
        .setImageFolder(ImageFolderSpec.newBuilder().setPath("./faces/"))).build())).isEqualTo("faces");
    assertThat(JobReplicator.datasetPath(TrainRequest.newBuilder().setDataset(DatasetSpec.newBuilder()
        .setFer2013(Fer2013Spec.newBuilder().setPath("fer/fer2013.csv"))).build())).isEqualTo("fer/fer2013.csv");
    assertThat(JobReplicator.datasetPath(TrainRequest.newBuilder().setDataset(DatasetSpec.newBuilder()
        .setSynthfacs(SynthFacsSpec.getDefaultInstance())).build())).isNull();
  }
}
