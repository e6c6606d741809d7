package io.emotioncluster.node.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Plain HTTP for Prometheus on its own port, apart from gRPC so that scraping needs neither TLS
 * client certificates nor tokens: {@code GET /metrics}. Bind it to a private interface.
 */
public final class MetricsServer implements AutoCloseable {

  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  public static MetricsServer start(Vertx vertx, NodeMetrics metrics, String host, int port) throws IOException {
    HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(req -> {
          if (!req.path().equals("/metrics")) {
            req.response().setStatusCode(404).end("metrics are at /metrics\n");
            return;
          }
          // rendering walks every meter: off the event loop
          vertx.executeBlocking(metrics::scrape, false).onComplete(ar -> {
            if (ar.succeeded()) {
              req.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
            } else {
              req.response().setStatusCode(500).end("scrape failed: " + ar.cause().getMessage() + "\n");
            }
          });
        });
    try {
      return new MetricsServer(s.listen().await(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    try {
      server.close().await(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the node is going away anyway
    }
  }
}
