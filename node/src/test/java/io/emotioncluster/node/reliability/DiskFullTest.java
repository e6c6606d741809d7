package io.emotioncluster.node.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: {@link DiskFullProbe} runs in its own user + mount namespace on a 24 MiB
 * tmpfs (no privileges needed; permissions cannot simulate it here because the tests run as
 * root). Registering on the full disk must fail with a message naming the directory, leave no
 * partial version, and keep the existing version loadable after a restart.
 */
class DiskFullTest {

  @Test
  void registeringOnAFullDiskFailsClearlyAndLeavesTheRegistryConsistent(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(unshareWorks(), "needs unprivileged user namespaces (unshare -rm)");
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path mnt = tmp.resolve("mnt");
    Files.createDirectories(mnt);
    String script = "mount -t tmpfs -o size=24m tmpfs '" + mnt + "' && exec '" + java
        + "' -Xmx1g -Dai.djl.offline=true -cp \"$PROBE_CP\" " + DiskFullProbe.class.getName() + " '" + mnt + "'";
    ProcessBuilder pb = new ProcessBuilder("unshare", "-rm", "sh", "-c", script).redirectErrorStream(true);
    pb.environment().put("PROBE_CP", cp);
    pb.environment().put("MXNET_ENGINE_TYPE", "NaiveEngine");
    pb.environment().put("OMP_NUM_THREADS", "1");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
    Map<String, String> r = new HashMap<>();
    output.lines().filter(l -> l.matches("^[A-Z_]+=.*")).forEach(l -> r.put(l.substring(0, l.indexOf('=')),
        l.substring(l.indexOf('=') + 1)));
    System.out.println("disk-full probe: " + r);
    assertThat(p.exitValue()).as(output).isZero();

    assertThat(r.get("FIRST")).isEqualTo("v1");
    assertThat(r).doesNotContainKey("SECOND");
    assertThat(r.get("ERROR_KIND")).isEqualTo("OVERLOADED"); // RESOURCE_EXHAUSTED over gRPC
    assertThat(r.get("ERROR_MESSAGE")).contains(mnt.resolve("registry").resolve("versions").toString())
        .contains("disk is full").contains("nothing was registered");
    assertThat(r.get("IN_MEMORY")).isEqualTo("v1");
    assertThat(r.get("ON_DISK")).as("no partial version or temporary directory left").isEqualTo("v1");
    assertThat(r.get("REOPENED")).isEqualTo("v1");
    assertThat(r.get("REOPENED_PRODUCTION")).isEqualTo("v1");
    assertThat(Long.parseLong(r.get("LOADS_FIRST"))).isPositive();
    assertThat(r.get("AFTER_FREEING")).isEqualTo("v2");
  }

  private static boolean unshareWorks() {
    try {
      Process p = new ProcessBuilder(List.of("unshare", "-rm", "true")).redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
