package io.emotioncluster.node.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a job goes: GPU nodes with a free slot first, then the node with the most free slots,
 * preferring the deciding node on ties; when every node is full, the least loaded one (the job
 * waits QUEUED there).
 */
final class Placement {

  /** A candidate node: its id, device and slots. */
  record Candidate(String nodeId, boolean gpu, int concurrentJobs, int activeJobs) {
    int freeSlots() {
      return concurrentJobs - activeJobs;
    }
  }

  private Placement() {}

  static Optional<String> choose(List<Candidate> nodes, String self) {
    Comparator<Candidate> selfFirst = Comparator.comparingInt(c -> c.nodeId().equals(self) ? 0 : 1);
    return nodes.stream()
        .filter(c -> c.freeSlots() > 0)
        .min(Comparator.<Candidate>comparingInt(c -> c.gpu() ? 0 : 1)
            .thenComparingInt(c -> -c.freeSlots())
            .thenComparing(selfFirst))
        .or(() -> nodes.stream().min(Comparator.<Candidate>comparingInt(c -> -c.freeSlots()).thenComparing(selfFirst)))
        .map(Candidate::nodeId);
  }
}
