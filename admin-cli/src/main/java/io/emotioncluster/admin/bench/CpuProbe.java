package io.emotioncluster.admin.bench;

import io.emotioncluster.admin.client.ClientSecurity;
import io.emotioncluster.api.v1.ClusterStatusRequest;
import io.emotioncluster.api.v1.ClusterStatusResponse;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.NodeStatus;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads every target node's own CPU time and answered-request count (ClusterStatus, asked of each
 * node directly: a node's own entry is current, its peers' up to a second old). Needs a token with
 * the admin role; without one the bench still runs and says why CPU is missing.
 */
final class CpuProbe implements AutoCloseable {

  record Reading(long cpuMicros, long requests, long nanos) {}

  private final List<ManagedChannel> channels = new ArrayList<>();
  private volatile String unavailable;

  CpuProbe(List<String> nodes, ClientSecurity security) {
    for (String node : nodes) {
      channels.add(security.channel(node, 4 * 1024 * 1024));
    }
  }

  /** node id -> reading, for every node that answered; empty (see {@link #unavailable()}) otherwise. */
  Map<String, Reading> read() {
    Map<String, Reading> out = new LinkedHashMap<>();
    for (ManagedChannel ch : channels) {
      try {
        ClusterStatusResponse r = ModelAdminGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
            .clusterStatus(ClusterStatusRequest.getDefaultInstance());
        for (NodeStatus n : r.getNodesList()) {
          if (n.getNodeId().equals(r.getNodeId())) {
            if (n.getProcessCpuUs() == 0) {
              unavailable = "node " + n.getNodeId() + " does not report its CPU time (an older version)";
            } else {
              out.put(n.getNodeId(), new Reading(n.getProcessCpuUs(), n.getClassifyRequests(), System.nanoTime()));
            }
          }
        }
      } catch (StatusRuntimeException e) {
        unavailable = switch (e.getStatus().getCode()) {
          case PERMISSION_DENIED, UNAUTHENTICATED -> "node CPU needs ClusterStatus, which needs an admin token";
          default -> "ClusterStatus failed: " + e.getStatus().getCode() + " " + e.getStatus().getDescription();
        };
      }
    }
    return out;
  }

  /** Why CPU could not be read, or null. */
  String unavailable() {
    return unavailable;
  }

  /** CPU used and requests answered by each node between two readings. */
  static Map<String, BenchResult.NodeCpu> between(Map<String, Reading> before, Map<String, Reading> after) {
    Map<String, BenchResult.NodeCpu> out = new LinkedHashMap<>();
    before.forEach((node, b) -> {
      Reading a = after.get(node);
      if (a != null) {
        out.put(node, new BenchResult.NodeCpu(a.cpuMicros() - b.cpuMicros(), a.requests() - b.requests(),
            (a.nanos() - b.nanos()) / 1e9));
      }
    });
    return out;
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
  }
}
