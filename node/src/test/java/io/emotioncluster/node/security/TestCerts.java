package io.emotioncluster.node.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Certificates made by deploy/tls/make-test-certs.sh (openssl), so the script is tested too. */
public record TestCerts(Path dir) {

  public static TestCerts make(Path dir) throws IOException, InterruptedException {
    Path script = Path.of("..", "deploy", "tls", "make-test-certs.sh").toAbsolutePath().normalize();
    if (!Files.exists(script)) {
      script = Path.of("deploy", "tls", "make-test-certs.sh").toAbsolutePath();
    }
    Process p = new ProcessBuilder("bash", script.toString(), dir.toString(), "localhost", "127.0.0.1")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("make-test-certs.sh failed: " + out);
    }
    return new TestCerts(dir);
  }

  public Path ca() {
    return dir.resolve("ca.pem");
  }

  public Path nodeCert() {
    return dir.resolve("node.pem");
  }

  public Path nodeKey() {
    return dir.resolve("node.key");
  }

  public Path clientCert() {
    return dir.resolve("client.pem");
  }

  public Path clientKey() {
    return dir.resolve("client.key");
  }
}
