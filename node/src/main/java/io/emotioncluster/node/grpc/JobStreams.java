package io.emotioncluster.node.grpc;

import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.node.jobs.JobManager;
import io.vertx.core.Context;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Streams a job's events to one client until the job ends. A client that goes away only stops
 * watching: the job itself goes on (WatchJob re-attaches).
 */
final class JobStreams {

  private JobStreams() {}

  static void stream(Context ctx, GrpcServerRequest<?, JobEvent> request, JobManager jobs, String jobId) {
    stream(ctx, request, jobs, jobId, null);
  }

  /**
   * @param accepted an event to send first (Train's ACCEPTED event, so the client learns the job
   *                 id at once even when the job starts before the stream attaches); the watch's
   *                 replay of that same event is then skipped
   */
  static void stream(Context ctx, GrpcServerRequest<?, JobEvent> request, JobManager jobs, String jobId,
      JobEvent accepted) {
    GrpcServerResponse<?, JobEvent> response = request.response();
    if (accepted != null) {
      response.write(accepted);
    }
    AtomicBoolean closed = new AtomicBoolean();
    Runnable[] stop = {() -> { }};
    Runnable detach = () -> {
      closed.set(true);
      stop[0].run();
    };
    request.exceptionHandler(t -> detach.run());
    request.errorHandler(e -> detach.run());
    stop[0] = jobs.watch(jobId, event -> ctx.runOnContext(v -> {
      if (closed.get() || event.equals(accepted)) {
        return;
      }
      try {
        response.write(event);
        if (JobManager.isTerminal(event.getState())) {
          closed.set(true);
          response.end();
        }
      } catch (IllegalStateException gone) {
        detach.run();
      }
    }));
    if (closed.get()) {
      stop[0].run();
    }
  }
}
