package io.emotioncluster.node.deploy;

import io.emotioncluster.node.app.NodeMain;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The node's real configuration surface, read from NodeMain's picocli model: every flag, the
 * environment variable behind it (from {@code ${env:NAME:-default}}) and its default.
 */
final class NodeFlags {

  /** Read by the node or its launcher outside picocli (bin/emotion-node, logback, TokenStore). */
  static final Set<String> OTHER_ENV = Set.of("EMOTION_TOKENS", "EMOTION_ENGINE_THREADS", "EMOTION_JAVA_OPTS",
      "EMOTION_LOG_FORMAT", "EMOTION_LOG_LEVEL", "EMOTION_ADMIN_JAVA_OPTS");

  /**
   * The cluster settings agreed with the cluster work (issue 5). While NodeMain has no cluster
   * option yet they are accepted as announced; once it has any, they must be real like the rest.
   */
  static final Map<String, String> ANNOUNCED_CLUSTER = Map.of(
      "--cluster-name", "EMOTION_CLUSTER_NAME",
      "--cluster-members", "EMOTION_CLUSTER_MEMBERS",
      "--cluster-port", "EMOTION_CLUSTER_PORT",
      "--cluster-interface", "EMOTION_CLUSTER_INTERFACE",
      "--cluster-join", "EMOTION_CLUSTER_JOIN");

  static final int DEFAULT_CLUSTER_PORT = 5701;

  private static final Pattern ENV_DEFAULT = Pattern.compile("^\\$\\{env:([A-Z0-9_]+):-(.*)}$");

  final Set<String> flags = new HashSet<>();
  final Map<String, String> envToFlag = new HashMap<>();
  final Map<String, String> defaults = new HashMap<>();
  final boolean clusterOptionsPresent;

  NodeFlags() {
    CommandLine.Model.CommandSpec spec = new CommandLine(new NodeMain()).getCommandSpec();
    spec.interpolateVariables(false); // read "${env:EMOTION_X:-default}" as written
    for (OptionSpec o : spec.options()) {
      String longName = o.longestName();
      flags.addAll(java.util.List.of(o.names()));
      String dv = o.defaultValue(); // uninterpolated (see below): ${env:NAME:-default}
      if (dv != null) {
        Matcher m = ENV_DEFAULT.matcher(dv);
        if (m.matches()) {
          envToFlag.put(m.group(1), longName);
          defaults.put(longName, m.group(2));
        } else {
          defaults.put(longName, dv);
        }
      }
    }
    clusterOptionsPresent = flags.stream().anyMatch(f -> f.startsWith("--cluster"));
    if (!clusterOptionsPresent) {
      System.out.println("NOTE: NodeMain has no --cluster-* option yet: accepting the announced names "
          + ANNOUNCED_CLUSTER.keySet());
      flags.addAll(ANNOUNCED_CLUSTER.keySet());
      ANNOUNCED_CLUSTER.forEach((flag, env) -> envToFlag.put(env, flag));
      defaults.put("--cluster-port", Integer.toString(DEFAULT_CLUSTER_PORT));
    }
  }

  boolean knowsFlag(String flag) {
    return flags.contains(flag);
  }

  boolean knowsEnv(String env) {
    return envToFlag.containsKey(env) || OTHER_ENV.contains(env);
  }

  int defaultInt(String flag) {
    return Integer.parseInt(defaults.get(flag));
  }

  int grpcPort() {
    return defaultInt("--port");
  }

  int metricsPort() {
    return defaultInt("--metrics-port");
  }

  int clusterPort() {
    return defaults.containsKey("--cluster-port") ? defaultInt("--cluster-port") : DEFAULT_CLUSTER_PORT;
  }

  /** "--name=value" or "--name" -> "--name". */
  static String flagOf(String arg) {
    int eq = arg.indexOf('=');
    return eq < 0 ? arg : arg.substring(0, eq);
  }
}
