package io.emotioncluster.node.cluster;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.FileSystemYamlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import com.hazelcast.config.NetworkConfig;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;

/** Builds the Hazelcast configuration: the shipped (or given) file, then the node's flags on top. */
public final class HazelcastConfigs {

  /** Shipped with the node: multicast off, TCP-IP join, backups for the registry maps. */
  public static final String SHIPPED = "emotion-hazelcast.xml";

  /** Split-brain protection guarding the maps that hold the cluster's truth. */
  public static final String MAJORITY = "emotion-majority";

  /**
   * Maps only a majority may write: versions, production pointers, the id counter, tombstones
   * and job records (a minority must not place or move jobs). Status, holders, checkpoints and
   * locks stay writable: they record facts about a node, not decisions.
   */
  static final java.util.List<String> PROTECTED_MAPS = java.util.List.of("emotion.versions", "emotion.pointers",
      "emotion.counters", "emotion.deleted", "emotion.jobs");

  private HazelcastConfigs() {}

  public static Config of(ClusterConfig cluster) {
    Config c = base(cluster);
    c.setClusterName(cluster.name());
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.shutdownhook.enabled", "false"); // the node closes Hazelcast itself, last
    c.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(cluster.heartbeatTimeoutS()));
    c.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(cluster.heartbeatIntervalS()));
    c.setProperty("hazelcast.wait.seconds.before.join", "1");
    NetworkConfig net = c.getNetworkConfig();
    net.setPort(cluster.port()).setPortAutoIncrement(true);
    if (!cluster.bindHost().isBlank()) {
      c.setProperty("hazelcast.socket.bind.any", "false");
      net.getInterfaces().setEnabled(true).addInterface(cluster.bindHost());
    }
    if (!cluster.publicAddress().isBlank()) {
      net.setPublicAddress(cluster.publicAddress());
    }
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (cluster.kubernetes()) {
      join.getTcpIpConfig().setEnabled(false);
      var k8s = join.getKubernetesConfig().setEnabled(true);
      if (!cluster.kubernetesDns().isBlank()) {
        k8s.setProperty("service-dns", cluster.kubernetesDns());
      }
    } else if (!cluster.members().isEmpty()) {
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    }
    protectWrites(c, cluster);
    return c;
  }

  /**
   * Hazelcast's split-brain protection on the registry and job maps: a write needs a majority of
   * the configured cluster size among the members heard from recently (three heartbeats), so a
   * node cut off from the rest refuses writes within seconds, before its failure detector has
   * even removed the others.
   */
  private static void protectWrites(Config c, ClusterConfig cluster) {
    if (cluster.majority() <= 1) {
      return;
    }
    int toleranceMs = Math.min(cluster.heartbeatTimeoutS() * 1000 - 500, cluster.heartbeatIntervalS() * 3000);
    c.addSplitBrainProtectionConfig(SplitBrainProtectionConfig
        .newRecentlyActiveSplitBrainProtectionConfigBuilder(MAJORITY, cluster.majority(), Math.max(1000, toleranceMs))
        .enabled(true).build().setProtectOn(SplitBrainProtectionOn.WRITE));
    for (String name : PROTECTED_MAPS) {
      MapConfig map = new MapConfig(c.getMapConfig(name)).setName(name).setSplitBrainProtectionName(MAJORITY);
      map.getMergePolicyConfig().setPolicy(PutIfAbsentMergePolicy.class.getName());
      c.addMapConfig(map);
    }
  }

  private static Config base(ClusterConfig cluster) {
    try {
      if (cluster.configFile() == null) {
        return new ClasspathXmlConfig(SHIPPED);
      }
      String file = cluster.configFile().toString();
      return file.endsWith(".yaml") || file.endsWith(".yml")
          ? new FileSystemYamlConfig(cluster.configFile().toFile())
          : new FileSystemXmlConfig(cluster.configFile().toFile());
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException("the Hazelcast configuration " + cluster.configFile() + " does not exist", e);
    }
  }
}
