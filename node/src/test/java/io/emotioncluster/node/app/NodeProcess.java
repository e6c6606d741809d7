package io.emotioncluster.node.app;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A node in its own JVM, so tests can kill it the hard way (SIGKILL) and start it again. */
public final class NodeProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private NodeProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static NodeProcess start(Path dataDir, int port, String... extraArgs) throws IOException {
    return start(List.of("-Xmx2g"), dataDir, port, extraArgs);
  }

  /**
   * A clustered node on loopback: Hazelcast on {@code clusterPort}, joining {@code members}
   * (127.0.0.1:port each), with fast failure detection and a small heap.
   */
  public static NodeProcess startClustered(Path dataDir, int port, int clusterPort, List<Integer> memberPorts,
      String... extraArgs) throws IOException {
    List<String> args = new ArrayList<>(List.of("--cluster-name", "test-" + memberPorts.get(0),
        "--cluster-host", "127.0.0.1", "--cluster-port", Integer.toString(clusterPort),
        "--cluster-members", String.join(",", memberPorts.stream().map(p -> "127.0.0.1:" + p).toList()),
        "--cluster-heartbeat-timeout-s", "4", "--node-id", "node-" + port));
    args.addAll(List.of(extraArgs));
    return start(List.of("-Xmx600m", "-XX:+UseSerialGC"), dataDir, port,
        args.toArray(String[]::new));
  }

  private static NodeProcess start(List<String> jvm, Path dataDir, int port, String... extraArgs) throws IOException {
    return start(List.of(), jvm, "127.0.0.1", dataDir, port, extraArgs);
  }

  /**
   * A node whose command line starts with {@code prefix} (for example {@code ip netns exec ns1},
   * which execs the JVM in a network namespace: killing this process kills the JVM), listening
   * for gRPC on {@code host}.
   */
  public static NodeProcess start(List<String> prefix, List<String> jvm, String host, Path dataDir, int port,
      String... extraArgs) throws IOException {
    String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(javaBin);
    cmd.addAll(jvm);
    cmd.addAll(List.of("-Djava.awt.headless=true",
        "-Dai.djl.offline=true", "-cp", classpath, NodeMain.class.getName(),
        "--host", host, "--port", Integer.toString(port), "--data-dir", dataDir.toString(),
        "--no-import-faceapi", "--no-bundled-generator"));
    if (!List.of(extraArgs).contains("--auth")) {
      cmd.addAll(List.of("--auth", "none")); // tests that need tokens pass --auth token
    }
    if (!List.of(extraArgs).contains("--metrics-port")) {
      cmd.addAll(List.of("--metrics-port", "0")); // several nodes on one machine: no fixed port
    }
    cmd.addAll(List.of(extraArgs));
    Path logs = Path.of("target", "node-logs");
    java.nio.file.Files.createDirectories(logs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(logs.resolve("node-" + port + "-" + dataDir.getFileName() + "-" + System.currentTimeMillis() + ".log")
            .toFile());
    pb.environment().put("MXNET_ENGINE_TYPE", "NaiveEngine");
    pb.environment().put("OMP_NUM_THREADS", "1");
    return new NodeProcess(pb.start(), port);
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook runs, as in a power cut or an OOM kill. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
