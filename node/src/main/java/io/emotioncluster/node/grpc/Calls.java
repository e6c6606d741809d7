package io.emotioncluster.node.grpc;

import io.vertx.core.Context;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Plumbing shared by the handlers: run domain work off the event loop, come back to the call's
 * context to write, and never write to a call the client already abandoned.
 */
final class Calls {

  private Calls() {}

  /** A flag that turns true when the client cancels or the connection drops. */
  static AtomicBoolean cancellation(GrpcServerRequest<?, ?> request) {
    AtomicBoolean cancelled = new AtomicBoolean();
    request.exceptionHandler(t -> cancelled.set(true));
    request.errorHandler(err -> cancelled.set(true));
    return cancelled;
  }

  /** {@link System#nanoTime()} of the call's deadline, or {@link Long#MAX_VALUE}. */
  static long deadlineNanos(GrpcServerRequest<?, ?> request) {
    long timeoutMs = request.timeout();
    return timeoutMs > 0 ? System.nanoTime() + timeoutMs * 1_000_000 : Long.MAX_VALUE;
  }

  /** Unary: read the request, compute asynchronously, answer on the call's context. */
  static <Q, R> void unary(Context ctx, GrpcServerRequest<Q, R> request, String method,
      AtomicBoolean cancelled, Function<Q, CompletionStage<R>> work) {
    request.handler(msg -> {
      CompletionStage<R> stage;
      try {
        stage = work.apply(msg);
      } catch (RuntimeException e) {
        fail(request.response(), e, method);
        return;
      }
      stage.whenComplete((result, error) -> ctx.runOnContext(v -> {
        if (cancelled.get()) {
          return;
        }
        if (error != null) {
          fail(request.response(), error, method);
        } else {
          safeEnd(request.response(), result);
        }
      }));
    });
  }

  static void fail(GrpcServerResponse<?, ?> response, Throwable error, String method) {
    GrpcErrors.Failure f = GrpcErrors.of(error, method);
    fail(response, f);
  }

  static void fail(GrpcServerResponse<?, ?> response, GrpcErrors.Failure f) {
    try {
      response.status(f.status()).statusMessage(f.message()).end();
    } catch (IllegalStateException ignored) {
      // the stream was already closed by the client or a reset; nothing left to tell
    }
  }

  static <R> void safeEnd(GrpcServerResponse<?, R> response, R message) {
    try {
      response.end(message);
    } catch (IllegalStateException ignored) {
      // see fail()
    }
  }
}
