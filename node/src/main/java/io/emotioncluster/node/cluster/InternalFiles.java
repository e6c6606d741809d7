package io.emotioncluster.node.cluster;

import io.emotioncluster.node.jobs.JobManager;
import io.emotioncluster.node.registry.ModelRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node-to-node file endpoint, on the gRPC port under {@code /cluster/v1/}: parameters of a
 * version and files of a job checkpoint, which peers copy and verify by sha256. Only these two
 * shapes of path are served, with names restricted to a safe alphabet; files are streamed by
 * Vert.x without blocking the event loop.
 */
public final class InternalFiles implements Handler<HttpServerRequest> {

  public static final String PREFIX = "/cluster/v1/";
  private static final Pattern VERSION = Pattern.compile("/cluster/v1/versions/([A-Za-z0-9._-]{1,64})/params");
  private static final Pattern CHECKPOINT =
      Pattern.compile("/cluster/v1/jobs/([A-Za-z0-9._-]{1,64})/checkpoint/([A-Za-z0-9._-]{1,128})");

  private final Vertx vertx;
  private final ModelRegistry registry;
  private final JobManager jobs;

  public InternalFiles(Vertx vertx, ModelRegistry registry, JobManager jobs) {
    this.vertx = vertx;
    this.registry = registry;
    this.jobs = jobs;
  }

  public static boolean matches(HttpServerRequest req) {
    return req.path() != null && req.path().startsWith(PREFIX);
  }

  @Override
  public void handle(HttpServerRequest req) {
    if (req.method() != HttpMethod.GET) {
      req.response().setStatusCode(405).end();
      return;
    }
    Path file = resolve(req.path());
    if (file == null) {
      req.response().setStatusCode(404).end("unknown path");
      return;
    }
    String name = file.toString();
    vertx.fileSystem().exists(name).onComplete(ar -> {
      if (ar.failed() || !ar.result()) {
        req.response().setStatusCode(404).end("not held here");
      } else {
        req.response().putHeader("content-type", "application/octet-stream").sendFile(name)
            .onFailure(e -> req.connection().close());
      }
    });
  }

  Path resolve(String path) {
    Matcher v = VERSION.matcher(path);
    if (v.matches() && !v.group(1).startsWith(".")) {
      return registry.parametersFile(v.group(1));
    }
    Matcher c = CHECKPOINT.matcher(path);
    if (c.matches() && !c.group(1).startsWith(".") && !c.group(2).startsWith(".")) {
      return jobs.directory(c.group(1)).resolve("checkpoint").resolve(c.group(2));
    }
    return null;
  }
}
