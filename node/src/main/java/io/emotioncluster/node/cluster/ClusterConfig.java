package io.emotioncluster.node.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * How a node joins a cluster. {@link #standalone()} (no members, no Kubernetes) keeps the node
 * on its own, exactly as without clustering.
 *
 * @param name              Hazelcast cluster name; nodes with another name never merge
 * @param members           TCP-IP join list (host or host:port); this node may appear in it
 * @param bindHost          interface the cluster port binds to (and advertises); blank = Hazelcast picks
 * @param port              cluster (Hazelcast) port; the next ones are tried when it is taken
 * @param publicAddress     address other members use to reach this one (NAT, containers); blank = bindHost
 * @param kubernetes        join through the Kubernetes API / DNS instead of the member list
 * @param kubernetesDns     headless service DNS name (DNS lookup mode); blank = API mode in the pod's namespace
 * @param configFile        a full Hazelcast XML/YAML file replacing the shipped one; flags still apply on top
 * @param heartbeatTimeoutS seconds without a heartbeat before a member is declared dead
 * @param replicationTimeoutS how long a registration waits for a second node to hold the new version
 * @param filesPort         port of the node-to-node file endpoint (parameters, checkpoints), bound to
 *                          bindHost like the cluster port; 0 = any free port (peers learn it through the
 *                          cluster). Private like Hazelcast's port: no TLS and no tokens on it.
 * @param clusterSize       how many nodes the cluster is meant to have; writes need a majority of it.
 *                          0 = the number of distinct entries in {@code members} (which should then
 *                          list every node, this one included); with Kubernetes and 0, no majority
 *                          is required (a warning says so).
 */
public record ClusterConfig(
    String name,
    List<String> members,
    String bindHost,
    int port,
    String publicAddress,
    boolean kubernetes,
    String kubernetesDns,
    Path configFile,
    int heartbeatTimeoutS,
    int replicationTimeoutS,
    int filesPort,
    int clusterSize) {

  public static final String DEFAULT_NAME = "emotion";
  public static final int DEFAULT_PORT = 5701;

  public ClusterConfig {
    members = members == null ? List.of() : members.stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
  }

  public ClusterConfig(String name, List<String> members, String bindHost, int port, String publicAddress,
      boolean kubernetes, String kubernetesDns, Path configFile, int heartbeatTimeoutS, int replicationTimeoutS) {
    this(name, members, bindHost, port, publicAddress, kubernetes, kubernetesDns, configFile, heartbeatTimeoutS,
        replicationTimeoutS, 0, 0);
  }

  public ClusterConfig(String name, List<String> members, String bindHost, int port, String publicAddress,
      boolean kubernetes, String kubernetesDns, Path configFile, int heartbeatTimeoutS, int replicationTimeoutS,
      int filesPort) {
    this(name, members, bindHost, port, publicAddress, kubernetes, kubernetesDns, configFile, heartbeatTimeoutS,
        replicationTimeoutS, filesPort, 0);
  }

  /** The number of nodes the cluster is meant to have (see {@code clusterSize}); 1 when unknown. */
  public int configuredSize() {
    if (clusterSize > 0) {
      return clusterSize;
    }
    return Math.max(1, (int) members.stream().map(m -> m.contains(":") ? m : m + ":" + DEFAULT_PORT).distinct().count());
  }

  /** Nodes that must be together for a write: more than half of {@link #configuredSize()}. */
  public int majority() {
    return configuredSize() / 2 + 1;
  }

  /** Seconds between heartbeats (a fifth of the timeout, 1 to 5). */
  public int heartbeatIntervalS() {
    return Math.max(1, Math.min(5, heartbeatTimeoutS / 5));
  }

  public static ClusterConfig standalone() {
    return new ClusterConfig(DEFAULT_NAME, List.of(), "", DEFAULT_PORT, "", false, "", null, 60, 60);
  }

  /** A node is clustered when it has someone to join (or Kubernetes finds them). */
  public boolean enabled() {
    return !members.isEmpty() || kubernetes;
  }

  /** Loopback test clusters: fast failure detection. */
  public static ClusterConfig loopback(String name, int port, List<String> members, int heartbeatTimeoutS) {
    return new ClusterConfig(name, members, "127.0.0.1", port, "", false, "", null, heartbeatTimeoutS, 60);
  }
}
