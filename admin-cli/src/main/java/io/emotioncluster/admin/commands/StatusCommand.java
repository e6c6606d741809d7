package io.emotioncluster.admin.commands;

import io.emotioncluster.admin.AdminCommand;
import io.emotioncluster.admin.ExitCodes;
import io.emotioncluster.admin.client.NodeClient;
import io.emotioncluster.admin.output.Fmt;
import io.emotioncluster.admin.output.Format;
import io.emotioncluster.admin.output.Json;
import io.emotioncluster.admin.output.Printer;
import io.emotioncluster.admin.output.Style;
import io.emotioncluster.admin.output.Table;
import io.emotioncluster.api.v1.ClusterStatusResponse;
import io.emotioncluster.api.v1.ListVersionsResponse;
import io.emotioncluster.api.v1.NodeStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code status} (also {@code nodes}): the cluster at a glance from ClusterStatus. A node that
 * does not offer ClusterStatus yet gets its message printed as it is, followed by what the target
 * node alone can tell (its health and production versions), labelled as such; exit code 6.
 */
@Command(name = "status", aliases = "nodes", description = "The cluster at a glance: every node's health, load and versions.")
public final class StatusCommand extends AdminCommand {

  @Override
  protected int run() {
    NodeClient client = client();
    ClusterStatusResponse r;
    try {
      r = client.clusterStatus();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw e;
      }
      return singleNode(client, e.getStatus().getDescription());
    }
    Printer p = printer();
    if (p.format() == Format.table) {
      out().println((r.getClusterName().isBlank() ? "standalone" : "cluster " + style().bold(r.getClusterName()))
          + ": " + r.getNodesCount() + " node" + (r.getNodesCount() == 1 ? "" : "s")
          + ", " + r.getNodesList().stream().filter(NodeStatus::getReady).count() + " ready");
    }
    p.print(nodes(r), r);
    return ExitCodes.OK;
  }

  static Table nodes(ClusterStatusResponse r) {
    Table t = Table.of("node", "address", "ready", "health", "engine", "device", "versions", "queue", "p50_ms", "p99_ms",
        "jobs", "uptime", "software");
    for (NodeStatus n : r.getNodesList()) {
      t.row(n.getNodeId(), n.getGrpcAddress(), n.getReady() ? "yes" : "no", n.getHealth(), n.getEngine(), n.getDevice(),
          String.join(",", n.getLoadedVersionsList()), String.valueOf(n.getQueueDepth()),
          Fmt.num(n.getLatencyP50Us() / 1000.0, 1), Fmt.num(n.getLatencyP99Us() / 1000.0, 1),
          String.valueOf(n.getRunningJobs()), Fmt.duration(n.getUptimeS()), n.getSoftwareVersion());
    }
    return t.color("ready", v -> v.equals("yes") ? Style.Color.GREEN : Style.Color.RED)
        .right("queue", "p50_ms", "p99_ms", "jobs");
  }

  /** ClusterStatus is not there: say so, then show only what the target node itself answers. */
  private int singleNode(NodeClient client, String serverMessage) {
    String message = serverMessage == null || serverMessage.isBlank() ? "ClusterStatus is not implemented by this node"
        : serverMessage;
    err().println("error: UNIMPLEMENTED: " + message);
    err().flush();
    String target = client.target();
    String health = ask(() -> client.health("").name());
    String readiness = ask(() -> client.readiness().name());
    ListVersionsResponse versions = null;
    String versionsError = null;
    try {
      versions = client.listVersions(null, null);
    } catch (StatusRuntimeException e) {
      versionsError = e.getStatus().getCode().name();
    }
    String prodClassifier = versions == null ? "(" + versionsError + ")" : orNone(versions.getProductionClassifier());
    String prodGenerator = versions == null ? "(" + versionsError + ")" : orNone(versions.getProductionGenerator());
    String count = versions == null ? "" : String.valueOf(versions.getVersionsCount());
    Table t = Table.of("field", "value")
        .row("node", target == null ? "" : target)
        .row("health", health)
        .row("ready", readiness)
        .row("production classifier", prodClassifier)
        .row("production generator", prodGenerator)
        .row("versions", count);
    Printer p = printer();
    switch (p.format()) {
      case table -> {
        out().println(style().yellow("single-node information") + " from " + target
            + " (not a cluster view: this node version has no ClusterStatus yet)");
        List<String> lines = new io.emotioncluster.admin.output.TableRenderer(style()).lines(t);
        lines.subList(1, lines.size()).forEach(out()::println);
      }
      case csv -> p.print(t.row("scope", "single-node"));
      case json -> out().println("{\n  \"clusterStatus\": " + Json.quote("UNIMPLEMENTED")
          + ",\n  \"message\": " + Json.quote(message)
          + ",\n  \"scope\": \"single-node\",\n  \"singleNode\": " + Json.object(
              List.of("node", "health", "ready", "productionClassifier", "productionGenerator", "versions"),
              List.of(target == null ? "" : target, health, readiness,
                  versions == null ? "" : versions.getProductionClassifier(),
                  versions == null ? "" : versions.getProductionGenerator(), count)) + "\n}");
    }
    return ExitCodes.UNIMPLEMENTED;
  }

  private static String orNone(String s) {
    return s.isBlank() ? "(none)" : s;
  }

  private static String ask(java.util.function.Supplier<String> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode().name();
    }
  }
}
