package io.emotioncluster.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotioncluster.api.v1.EmotionProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No docker engine or cluster here: every file under deploy/ is parsed and checked against the
 * node's real flags, environment variables, ports and health services, so a renamed flag or a
 * changed port breaks this test rather than a deployment.
 */
class DeployConsistencyTest {

  static final Path DEPLOY = locate();
  static final NodeFlags NODE = new NodeFlags();
  static final String READINESS = "emotion.v1.EmotionService";

  static Path locate() {
    Path p = Path.of("..", "deploy").toAbsolutePath().normalize();
    return Files.isDirectory(p) ? p : Path.of("deploy").toAbsolutePath();
  }

  @Test
  void dockerfileRunsTheNodeAsNonRootWithItsPortsVolumeAndAReadinessHealthCheck() throws IOException {
    String df = Files.readString(DEPLOY.resolve("Dockerfile"));
    assertThat(df).containsPattern("(?m)^FROM .* AS build$");
    Map<String, String> env = dockerEnv(df);
    env.keySet().stream().filter(k -> k.startsWith("EMOTION_")).forEach(k ->
        assertThat(NODE.knowsEnv(k)).as("Dockerfile ENV " + k + " is read by the node").isTrue());
    assertThat(env).containsEntry("EMOTION_GRPC_PORT", Integer.toString(NODE.grpcPort()))
        .containsEntry("EMOTION_METRICS_PORT", Integer.toString(NODE.metricsPort()))
        .containsKey("MXNET_LIBRARY_PATH").containsEntry("DJL_OFFLINE", "true");
    Set<Integer> exposed = new HashSet<>();
    Matcher m = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(df);
    while (m.find()) {
      for (String p : m.group(1).trim().split("\\s+")) {
        exposed.add(Integer.parseInt(p));
      }
    }
    assertThat(exposed).containsExactlyInAnyOrder(NODE.grpcPort(), NODE.metricsPort(), NODE.clusterPort());
    assertThat(df).containsPattern("(?m)^VOLUME \\[\"" + Pattern.quote(env.get("EMOTION_DATA_DIR")) + "\"]$");
    Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(df);
    String lastUser = null;
    while (user.find()) {
      lastUser = user.group(1);
    }
    assertThat(lastUser).isNotNull().doesNotStartWith("root").doesNotStartWith("0");
    assertThat(df).contains("\"wait-ready\"").contains("localhost:" + NODE.grpcPort());
    assertThat(df).contains("ENTRYPOINT [\"/app/bin/emotion-node\"]");
  }

  @Test
  void composeNodesUseRealSettingsPortsAndTheirOwnVolumes() throws IOException {
    Map<String, Object> compose = yaml(DEPLOY.resolve("docker-compose.yml")).get(0);
    Map<String, Object> services = map(compose.get("services"));
    List<String> nodes = new ArrayList<>();
    Set<String> volumes = new HashSet<>();
    for (var e : services.entrySet()) {
      Map<String, Object> svc = map(e.getValue());
      if (!String.valueOf(svc.get("image")).startsWith("emotion-node")) {
        continue;
      }
      nodes.add(e.getKey());
      Map<String, Object> env = map(svc.get("environment"));
      env.keySet().stream().filter(k -> k.startsWith("EMOTION_")).forEach(k ->
          assertThat(NODE.knowsEnv(k)).as(e.getKey() + " sets " + k + ", which the node reads").isTrue());
      int grpc = Integer.parseInt(String.valueOf(env.getOrDefault("EMOTION_GRPC_PORT", NODE.grpcPort())));
      int metrics = Integer.parseInt(String.valueOf(env.getOrDefault("EMOTION_METRICS_PORT", NODE.metricsPort())));
      int cluster = Integer.parseInt(String.valueOf(env.getOrDefault("EMOTION_CLUSTER_PORT", NODE.clusterPort())));
      for (Object p : list(svc.get("ports"))) {
        String[] hostContainer = String.valueOf(p).split(":");
        assertThat(Integer.parseInt(hostContainer[hostContainer.length - 1])).as(e.getKey() + " publishes gRPC")
            .isEqualTo(grpc);
      }
      for (Object p : list(svc.get("expose"))) {
        assertThat(Integer.parseInt(String.valueOf(p))).isIn(grpc, metrics, cluster);
      }
      for (String member : String.valueOf(env.get("EMOTION_CLUSTER_MEMBERS")).split(",")) {
        String[] hp = member.trim().split(":");
        assertThat(services).as("cluster member " + member + " is a compose service").containsKey(hp[0]);
        assertThat(Integer.parseInt(hp[1])).isEqualTo(cluster);
      }
      List<Object> mounts = list(svc.get("volumes"));
      assertThat(mounts).as(e.getKey() + " mounts its data directory").hasSize(1);
      String[] vol = String.valueOf(mounts.get(0)).split(":");
      assertThat(vol[1]).isEqualTo("/data");
      volumes.add(vol[0]);
      assertThat(env).containsKey("EMOTION_TOKENS_FILE"); // authentication on, from a secret
    }
    assertThat(nodes).hasSize(3);
    assertThat(volumes).as("each node has its own data volume").hasSize(3);

    Map<String, Object> prom = yaml(DEPLOY.resolve("prometheus.yml")).get(0);
    Set<String> targets = new HashSet<>();
    for (Object job : list(prom.get("scrape_configs"))) {
      for (Object sc : list(map(job).get("static_configs"))) {
        list(map(sc).get("targets")).forEach(t -> targets.add(String.valueOf(t)));
      }
    }
    assertThat(targets).containsExactlyInAnyOrderElementsOf(nodes.stream().map(n -> n + ":" + NODE.metricsPort()).toList());
  }

  @Test
  void kubernetesStatefulSetsUseRealFlagsPortsAndHealthServices() throws IOException {
    List<Map<String, Object>> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        all.addAll(yaml(f));
      }
    }
    Map<String, Map<String, Object>> services = new HashMap<>();
    List<Map<String, Object>> sets = new ArrayList<>();
    for (Map<String, Object> doc : all) {
      switch (String.valueOf(doc.get("kind"))) {
        case "Service" -> services.put(String.valueOf(map(doc.get("metadata")).get("name")), doc);
        case "StatefulSet" -> sets.add(doc);
        default -> { }
      }
    }
    assertThat(sets).hasSize(2);
    Set<String> protoServices = new HashSet<>();
    EmotionProto.getDescriptor().getServices().forEach(s -> protoServices.add(s.getFullName()));
    assertThat(protoServices).contains(READINESS);
    boolean sawGpu = false;
    for (Map<String, Object> set : sets) {
      Map<String, Object> spec = map(set.get("spec"));
      Map<String, Object> headless = map(services.get(String.valueOf(spec.get("serviceName"))).get("spec"));
      assertThat(headless.get("clusterIP")).as("serviceName is a headless Service").isEqualTo("None");
      Map<String, Object> pod = map(map(spec.get("template")).get("spec"));
      Map<String, Object> c = map(list(pod.get("containers")).get(0));
      Map<String, String> args = new HashMap<>();
      for (Object a : list(c.get("args"))) {
        String arg = String.valueOf(a);
        String flag = NodeFlags.flagOf(arg);
        assertThat(NODE.knowsFlag(flag)).as("flag " + flag + " exists in NodeMain").isTrue();
        args.put(flag, arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "true");
      }
      for (Object e : list(c.get("env"))) {
        String name = String.valueOf(map(e).get("name"));
        if (name.startsWith("EMOTION_")) {
          assertThat(NODE.knowsEnv(name)).as("env " + name).isTrue();
        }
      }
      Map<String, Integer> ports = new HashMap<>();
      list(c.get("ports")).forEach(p -> ports.put(String.valueOf(map(p).get("name")),
          ((Number) map(p).get("containerPort")).intValue()));
      int grpc = Integer.parseInt(args.getOrDefault("--port", Integer.toString(NODE.grpcPort())));
      assertThat(ports).containsEntry("grpc", grpc)
          .containsEntry("metrics", Integer.parseInt(args.getOrDefault("--metrics-port", "" + NODE.metricsPort())))
          .containsEntry("hazelcast", Integer.parseInt(args.getOrDefault("--cluster-port", "" + NODE.clusterPort())));
      assertThat(ports.get("metrics")).isPositive(); // 0 would switch metrics off

      Map<String, Object> readiness = map(map(c.get("readinessProbe")).get("grpc"));
      assertThat(((Number) readiness.get("port")).intValue()).isEqualTo(grpc);
      assertThat(readiness.get("service")).isEqualTo(READINESS);
      for (String probe : List.of("livenessProbe", "startupProbe")) {
        Map<String, Object> g = map(map(c.get(probe)).get("grpc"));
        assertThat(((Number) g.get("port")).intValue()).isEqualTo(grpc);
        assertThat(g.get("service")).as(probe + " asks the whole server (\"\")").isNull();
      }
      Map<String, Object> resources = map(c.get("resources"));
      assertThat(map(resources.get("requests"))).containsKeys("cpu", "memory");
      assertThat(map(resources.get("limits"))).containsKeys("cpu", "memory");

      String dataDir = args.get("--data-dir");
      String claim = String.valueOf(map(map(list(spec.get("volumeClaimTemplates")).get(0)).get("metadata")).get("name"));
      assertThat(list(c.get("volumeMounts")).stream().map(DeployConsistencyTest::map)
          .anyMatch(v -> claim.equals(v.get("name")) && dataDir.equals(v.get("mountPath"))))
          .as("the data directory is the per-pod volume claim").isTrue();
      assertThat(args).as("Kubernetes discovery, not a member list").containsKey("--cluster-kubernetes");
      assertThat(args.get("--cluster-kubernetes-service-dns")).as("the headless service").startsWith(spec.get("serviceName") + ".");

      if (map(resources.get("limits")).containsKey("nvidia.com/gpu")) {
        sawGpu = true;
        assertThat(args.get("--device")).startsWith("gpu");
        assertThat(list(c.get("env")).stream().map(DeployConsistencyTest::map)
            .anyMatch(e -> "MXNET_LIBRARY_PATH".equals(e.get("name")))).isTrue();
      } else {
        assertThat(args.get("--device")).isEqualTo("cpu");
      }
    }
    assertThat(sawGpu).isTrue();
    Map<String, Object> grpcService = map(services.get("emotion-node").get("spec"));
    assertThat(map(list(grpcService.get("ports")).get(0))).containsEntry("targetPort", "grpc");
  }

  @Test
  void systemdUnitAndItsEnvironmentFileUseRealSettings() throws IOException {
    String unit = Files.readString(DEPLOY.resolve("systemd/emotion-node.service"));
    Matcher exec = Pattern.compile("(?ms)^ExecStart=(.*?[^\\\\])$").matcher(unit);
    assertThat(exec.find()).isTrue();
    Matcher flag = Pattern.compile("(--[a-z0-9-]+)").matcher(exec.group(1));
    int flags = 0;
    while (flag.find()) {
      flags++;
      assertThat(NODE.knowsFlag(flag.group(1))).as("systemd flag " + flag.group(1)).isTrue();
    }
    assertThat(flags).isGreaterThan(3);
    assertThat(unit).contains("User=emotion").contains("EnvironmentFile=");
    for (String line : Files.readAllLines(DEPLOY.resolve("systemd/emotion-node.env"))) {
      String l = line.replaceFirst("^#", "").trim();
      if (l.startsWith("EMOTION_") && l.contains("=")) {
        assertThat(NODE.knowsEnv(l.substring(0, l.indexOf('=')))).as("env file key " + l).isTrue();
      }
    }
    Matcher var = Pattern.compile("\\$\\{(EMOTION_[A-Z_]+)}").matcher(exec.group(1));
    String env = Files.readString(DEPLOY.resolve("systemd/emotion-node.env"));
    while (var.find()) {
      assertThat(env).as("${" + var.group(1) + "} is set in emotion-node.env").containsPattern("(?m)^" + var.group(1) + "=");
    }
  }

  // ------------------------------------------------------------------------------------ helpers

  static Map<String, String> dockerEnv(String dockerfile) {
    Map<String, String> env = new HashMap<>();
    Matcher block = Pattern.compile("(?ms)^ENV (.*?)(?<!\\\\)$").matcher(dockerfile);
    while (block.find()) {
      Matcher kv = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S+)").matcher(block.group(1));
      while (kv.find()) {
        env.put(kv.group(1), kv.group(2).replace("\"", ""));
      }
    }
    return env;
  }

  static List<Map<String, Object>> yaml(Path file) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(Files.readString(file))) {
      if (doc != null) {
        docs.add(map(doc));
      }
    }
    assertThat(docs).as(file + " has YAML documents").isNotEmpty();
    return docs;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }
}
