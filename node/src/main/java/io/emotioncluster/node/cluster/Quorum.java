package io.emotioncluster.node.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import io.emotioncluster.node.ServiceException;
import java.util.function.Supplier;

/**
 * Whether this node may change the cluster's truth now: a majority of the configured cluster
 * size must be together. Two checks, both needed:
 * <ul>
 *   <li>Hazelcast's split-brain protection ({@link HazelcastConfigs#MAJORITY}): enough members
 *       heard from within the last three heartbeats. It also guards the maps themselves, so a
 *       write that slips past this check is still refused by Hazelcast.</li>
 *   <li>enough of those members have merged their disks into the cluster (published as
 *       {@code seeded}): a node that has just joined and not yet raised the id counter to what
 *       its disk holds must not count, or an id it knows could be handed out again.</li>
 * </ul>
 * A refusal is UNAVAILABLE with a message that says why and what to do.
 */
final class Quorum {

  private final HazelcastInstance hz;
  private final Members members;
  private final ClusterConfig config;
  private final Supplier<String> production;

  Quorum(HazelcastInstance hz, Members members, ClusterConfig config, Supplier<String> production) {
    this.hz = hz;
    this.members = members;
    this.config = config;
    this.production = production;
  }

  int configuredSize() {
    return config.configuredSize();
  }

  int majority() {
    return config.majority();
  }

  /** Enough recently heard members (Hazelcast's own view), whether or not they have merged yet. */
  boolean membersPresent() {
    if (majority() <= 1) {
      return true;
    }
    try {
      SplitBrainProtection p = hz.getSplitBrainProtectionService().getSplitBrainProtection(HazelcastConfigs.MAJORITY);
      return p.hasMinimumSize();
    } catch (RuntimeException e) {
      return hz.getLifecycleService().isRunning() && hz.getCluster().getMembers().size() >= majority();
    }
  }

  /** Members that have merged their disks into the cluster (this one included when it has). */
  int seededMembers() {
    return (int) members.live().stream().filter(Members.Info::seeded).count();
  }

  /** True when this node may write now. */
  boolean present() {
    return membersPresent() && (majority() <= 1 || seededMembers() >= majority());
  }

  /** Throws UNAVAILABLE, saying why and what to do, when this node may not {@code what} now. */
  void require(String what) {
    if (!present()) {
      throw unavailable(what);
    }
  }

  ServiceException unavailable(String what) {
    int seen = hz.getLifecycleService().isRunning() ? hz.getCluster().getMembers().size() : 0;
    String serving = production.get();
    return new ServiceException(ServiceException.Kind.UNAVAILABLE, "this node cannot " + what + " now: it is "
        + "together with " + seen + " of the " + configuredSize() + " nodes of cluster '" + config.name() + "'"
        + (seen >= majority() ? " but not all of them have merged their state yet" : "")
        + ", and changes need a majority (" + majority() + ") so that a cut-off part of the cluster cannot "
        + "decide differently from the rest. Send the request to a node on the majority side, or restore the "
        + "network between the nodes (or start the missing ones) and retry; nothing was changed. "
        + "Classify keeps working here" + (serving == null ? "" : " with production " + serving) + ".");
  }
}
