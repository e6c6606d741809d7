package io.emotioncluster.node.cluster;

import io.emotioncluster.node.registry.Sha256;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Copies a file from a peer's internal endpoint and checks its sha256 (blocking: worker threads only). */
final class FileFetcher {

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /**
   * Downloads {@code http://address/path} into {@code target}; throws when the transfer fails or
   * the content does not hash to {@code sha256} (the file is then removed).
   */
  void fetch(String address, String path, String sha256, Path target) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + address + path))
        .timeout(Duration.ofMinutes(5)).GET().build();
    HttpResponse<Path> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofFile(target));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while copying " + path + " from " + address, e);
    }
    if (resp.statusCode() != 200) {
      Files.deleteIfExists(target);
      throw new IOException(address + " answered HTTP " + resp.statusCode() + " for " + path);
    }
    String actual = Sha256.of(target);
    if (!actual.equals(sha256)) {
      Files.deleteIfExists(target);
      throw new IOException("copy of " + path + " from " + address + " has sha256 " + actual + ", expected " + sha256);
    }
  }
}
