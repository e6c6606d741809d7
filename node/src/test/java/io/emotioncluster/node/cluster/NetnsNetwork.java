package io.emotioncluster.node.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real network for node JVMs on one machine: each node in its own network namespace, joined to
 * the others by a bridge (the cluster network, 10.231.0.i/24), plus a private link to the test
 * (10.232.i.2, reached from the root namespace at 10.232.i.1) that carries client traffic only.
 * {@link #cut} takes a node's port off the bridge: a genuine partition of the cluster network
 * while clients still reach every node. Needs root (CAP_NET_ADMIN); names carry the test's
 * process id and everything is deleted on close.
 */
final class NetnsNetwork implements AutoCloseable {

  private final String tag;
  private final int size;
  private final List<String> created = new ArrayList<>();

  private NetnsNetwork(int size) {
    this.size = size;
    this.tag = Long.toString(ProcessHandle.current().pid() % 100000, 36);
  }

  /** Null (and why, printed) when network namespaces cannot be made here. */
  static String unavailableReason() {
    try {
      if (!"0".equals(run(false, "id", "-u").trim())) {
        return "network namespaces need root (CAP_NET_ADMIN); run this test as root to partition the cluster";
      }
      String probe = "emprobe" + ProcessHandle.current().pid() % 100000;
      run(true, "ip", "netns", "add", probe);
      run(false, "ip", "netns", "del", probe);
      return null;
    } catch (IOException | RuntimeException e) {
      return "cannot create network namespaces here (" + e.getMessage() + ")";
    }
  }

  static NetnsNetwork create(int size) throws IOException {
    NetnsNetwork n = new NetnsNetwork(size);
    try {
      n.build();
    } catch (IOException | RuntimeException e) {
      n.close();
      throw e;
    }
    return n;
  }

  private void build() throws IOException {
    String br = bridge();
    run(true, "ip", "link", "add", br, "type", "bridge");
    created.add("link:" + br);
    run(true, "ip", "link", "set", br, "up");
    for (int i = 1; i <= size; i++) {
      String ns = namespace(i);
      run(true, "ip", "netns", "add", ns);
      created.add("ns:" + ns);
      run(true, "ip", "-n", ns, "link", "set", "lo", "up");
      // cluster network: veth to the bridge
      run(true, "ip", "link", "add", port(i), "type", "veth", "peer", "name", "c" + tag + "n" + i);
      created.add("link:" + port(i));
      run(true, "ip", "link", "set", "c" + tag + "n" + i, "netns", ns);
      run(true, "ip", "link", "set", port(i), "master", br);
      run(true, "ip", "link", "set", port(i), "up");
      run(true, "ip", "-n", ns, "addr", "add", clusterHost(i) + "/24", "dev", "c" + tag + "n" + i);
      run(true, "ip", "-n", ns, "link", "set", "c" + tag + "n" + i, "up");
      // client link: a point-to-point veth to the root namespace (not bridged: no cluster traffic)
      String g = "g" + tag + "h" + i;
      run(true, "ip", "link", "add", g, "type", "veth", "peer", "name", "g" + tag + "n" + i);
      created.add("link:" + g);
      run(true, "ip", "link", "set", "g" + tag + "n" + i, "netns", ns);
      run(true, "ip", "addr", "add", "10.232." + i + ".1/30", "dev", g);
      run(true, "ip", "link", "set", g, "up");
      run(true, "ip", "-n", ns, "addr", "add", clientHost(i) + "/30", "dev", "g" + tag + "n" + i);
      run(true, "ip", "-n", ns, "link", "set", "g" + tag + "n" + i, "up");
    }
  }

  String namespace(int i) {
    return "em" + tag + "-" + i;
  }

  String clusterHost(int i) {
    return "10.231.0." + i;
  }

  /** Where the test reaches node i (from the root namespace). */
  String clientHost(int i) {
    return "10.232." + i + ".2";
  }

  /** The command prefix that runs a process in node i's namespace. */
  List<String> exec(int i) {
    return List.of("ip", "netns", "exec", namespace(i));
  }

  /** Takes node i off the cluster network (its clients still reach it). */
  void cut(int i) throws IOException {
    run(true, "ip", "link", "set", port(i), "nomaster");
  }

  /** Puts node i back on the cluster network. */
  void heal(int i) throws IOException {
    run(true, "ip", "link", "set", port(i), "master", bridge());
    run(true, "ip", "link", "set", port(i), "up");
  }

  private String bridge() {
    return "br" + tag;
  }

  private String port(int i) {
    return "c" + tag + "h" + i;
  }

  @Override
  public void close() {
    for (int k = created.size() - 1; k >= 0; k--) {
      String what = created.get(k);
      try {
        if (what.startsWith("ns:")) {
          run(false, "ip", "netns", "del", what.substring(3));
        } else {
          run(false, "ip", "link", "del", what.substring(5));
        }
      } catch (IOException | RuntimeException e) {
        // already gone with its namespace
      }
    }
  }

  private static String run(boolean check, String... cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + ": timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (check && p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out.trim());
    }
    return out;
  }
}
