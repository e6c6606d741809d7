package io.emotioncluster.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.emotioncluster.node.jobs.JobManager;
import io.emotioncluster.node.jobs.JobStore;
import io.emotioncluster.node.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hazelcast configuration a node builds from its flags, and the paths its file endpoint serves. */
class ClusterConfigTest {

  @Test
  void noMembersMeansStandalone() {
    assertThat(ClusterConfig.standalone().enabled()).isFalse();
    assertThat(new ClusterConfig("x", List.of("", " "), "", 5701, "", false, "", null, 30, 60).enabled()).isFalse();
  }

  @Test
  void memberListJoinsOverTcpIpWithMulticastOff() {
    Config c = HazelcastConfigs.of(new ClusterConfig("lab", List.of("10.0.0.1", "10.0.0.2:5702"), "10.0.0.1", 5801,
        "", false, "", null, 7, 60));
    JoinConfig join = c.getNetworkConfig().getJoin();
    assertThat(c.getClusterName()).isEqualTo("lab");
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1", "10.0.0.2:5702");
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(c.getNetworkConfig().getPort()).isEqualTo(5801);
    assertThat(c.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.0.1");
    assertThat(c.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("7");
    assertThat(c.getMapConfig("emotion.versions").getBackupCount()).isEqualTo(2);
  }

  @Test
  void kubernetesReplacesTheMemberList() {
    Config c = HazelcastConfigs.of(new ClusterConfig("k", List.of(), "", 5701, "", true,
        "emotion-hz.default.svc.cluster.local", null, 30, 60));
    JoinConfig join = c.getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo("emotion-hz.default.svc.cluster.local");
  }

  @Test
  void fileEndpointServesOnlyVersionParametersAndCheckpointFiles(@TempDir Path dir) throws Exception {
    ModelRegistry registry = new ModelRegistry(dir.resolve("registry"));
    try (JobManager jobs = new JobManager(new JobStore(dir.resolve("jobs")), Map.of(), "n", 1, 1)) {
      InternalFiles files = new InternalFiles(null, registry, jobs);
      assertThat(files.resolve("/cluster/v1/versions/v3/params")).isEqualTo(registry.parametersFile("v3"));
      assertThat(files.resolve("/cluster/v1/jobs/job-1/checkpoint/epoch.txt"))
          .isEqualTo(dir.resolve("jobs/job-1/checkpoint/epoch.txt"));
      assertThat(files.resolve("/cluster/v1/versions/../state.json/params")).isNull();
      assertThat(files.resolve("/cluster/v1/versions/v3/../../state.json")).isNull();
      assertThat(files.resolve("/cluster/v1/jobs/job-1/checkpoint/../job.json")).isNull();
      assertThat(files.resolve("/cluster/v1/jobs/job-1/job.json")).isNull();
    }
  }
}
