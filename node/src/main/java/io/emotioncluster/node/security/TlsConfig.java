package io.emotioncluster.node.security;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS for the gRPC port: a PEM certificate chain and its PEM (PKCS#8 or PKCS#1) key; with
 * {@code clientCa} set, clients must present a certificate signed by it (mutual TLS).
 */
public record TlsConfig(Path cert, Path key, Path clientCa) {

  public static final TlsConfig OFF = new TlsConfig(null, null, null);

  public boolean enabled() {
    return cert != null;
  }

  public boolean mutual() {
    return clientCa != null;
  }

  /** Fails with a message naming the missing piece. */
  public void check() {
    if (cert == null && key == null && clientCa == null) {
      return;
    }
    if (cert == null || key == null) {
      throw new IllegalArgumentException("TLS needs both --tls-cert and --tls-key");
    }
    for (Path p : new Path[] {cert, key, clientCa}) {
      if (p != null && !Files.isReadable(p)) {
        throw new IllegalArgumentException("cannot read TLS file " + p.toAbsolutePath());
      }
    }
  }
}
