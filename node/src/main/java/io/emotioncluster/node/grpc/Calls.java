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
      response.status(f.status()).statusMessage(headerSafe(f.message())).end();
    } catch (IllegalStateException ignored) {
      // the stream was already closed by the client or a reset; nothing left to tell
    }
  }

  /** Longest status message sent: it travels in an HTTP/2 header, which clients limit (8 KiB). */
  static final int MAX_STATUS_MESSAGE = 1024;

  /**
   * Messages quote what the client sent (an unknown version id, a path), which may hold line
   * breaks or be huge: either would make the header invalid and the client see a protocol error
   * instead of the status. Control characters become '?', and the message is cut to a size
   * every client accepts.
   */
  static String headerSafe(String message) {
    if (message == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(message.length(), MAX_STATUS_MESSAGE + 16));
    for (int i = 0; i < message.length() && out.length() < MAX_STATUS_MESSAGE; i++) {
      char c = message.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (message.length() > MAX_STATUS_MESSAGE) {
      out.append("... (cut)");
    }
    return out.toString();
  }

  static <R> void safeEnd(GrpcServerResponse<?, R> response, R message) {
    try {
      response.end(message);
    } catch (IllegalStateException ignored) {
      // see fail()
    }
  }
}
