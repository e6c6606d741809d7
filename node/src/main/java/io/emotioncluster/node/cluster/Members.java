package io.emotioncluster.node.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is in the cluster: each node publishes its {@link Info} (node id, addresses, device,
 * job capacity) keyed by node id; only entries of current Hazelcast members count as live.
 * Methods block on Hazelcast: worker threads only.
 */
final class Members {

  static final String MAP = "emotion.members";

  /**
   * What other nodes need to know about a node to route files and jobs to it. {@code seeded}: its
   * disk is merged into the cluster (only then does it count towards a majority for writes).
   */
  record Info(String nodeId, String memberUuid, String clusterAddress, String grpcAddress, boolean gpu,
      int concurrentJobs, int activeJobs, String statusJson, String filesAddress, boolean seeded) {}

  private final HazelcastInstance hz;
  private final IMap<String, String> infos;
  private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  Members(HazelcastInstance hz) {
    this.hz = hz;
    this.infos = hz.getMap(MAP);
  }

  int count() {
    return hz.getCluster().getMembers().size();
  }

  void publish(Info info) {
    infos.set(info.nodeId(), write(info));
  }

  /** Live nodes, in Hazelcast's member order (oldest first). */
  List<Info> live() {
    List<Info> all = infos.values().stream().map(this::read).toList();
    List<Info> out = new ArrayList<>();
    for (Member m : hz.getCluster().getMembers()) {
      all.stream().filter(i -> i.memberUuid().equals(m.getUuid().toString())).findFirst().ifPresent(out::add);
    }
    return out;
  }

  Set<String> liveUuids() {
    return hz.getCluster().getMembers().stream().map(m -> m.getUuid().toString()).collect(Collectors.toSet());
  }

  Optional<Info> byUuid(String uuid) {
    return infos.values().stream().map(this::read).filter(i -> i.memberUuid().equals(uuid)).findFirst();
  }

  /** host:port of a live node's gRPC endpoint, or null. */
  String grpcAddress(String nodeId) {
    Info i = liveInfo(nodeId);
    return i == null ? null : i.grpcAddress();
  }

  /** host:port of a live node's internal file endpoint (on the cluster network), or null. */
  String filesAddress(String nodeId) {
    Info i = liveInfo(nodeId);
    return i == null ? null : i.filesAddress();
  }

  private Info liveInfo(String nodeId) {
    String raw = infos.get(nodeId);
    if (raw == null) {
      return null;
    }
    Info i = read(raw);
    return liveUuids().contains(i.memberUuid()) ? i : null;
  }

  boolean oldestIsLocal() {
    return hz.getCluster().getMembers().iterator().next().localMember();
  }

  void forget(String nodeId) {
    infos.delete(nodeId);
  }

  private String write(Info i) {
    try {
      return json.writeValueAsString(i);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Info read(String s) {
    try {
      return json.readValue(s, Info.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
