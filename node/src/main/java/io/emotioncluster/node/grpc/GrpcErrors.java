package io.emotioncluster.node.grpc;

import io.emotioncluster.node.ServiceException;
import io.vertx.grpc.common.GrpcStatus;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into gRPC statuses. A {@link ServiceException} keeps its message (written for
 * the caller); anything else is a bug and becomes INTERNAL with an incident id, never a stack
 * trace, while the node log gets the details.
 */
public final class GrpcErrors {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

  public record Failure(GrpcStatus status, String message) {}

  private GrpcErrors() {}

  public static Failure of(Throwable t, String method) {
    Throwable e = unwrap(t);
    if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) {
      e = u.getCause();
    }
    if (e instanceof ServiceException se) {
      return new Failure(status(se.kind()), se.getMessage());
    }
    if (e instanceof io.emotioncluster.node.registry.ChecksumMismatchException cm) {
      return new Failure(GrpcStatus.DATA_LOSS, cm.getMessage() + "; restore the data directory from a backup");
    }
    String incident = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("{} failed unexpectedly (incident {})", method, incident, e);
    return new Failure(GrpcStatus.INTERNAL, "internal error in " + method + " (incident " + incident
        + "; details are in the node's log)");
  }

  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  static GrpcStatus status(ServiceException.Kind kind) {
    return switch (kind) {
      case INVALID_INPUT -> GrpcStatus.INVALID_ARGUMENT;
      case NOT_FOUND -> GrpcStatus.NOT_FOUND;
      case PRECONDITION -> GrpcStatus.FAILED_PRECONDITION;
      case OVERLOADED -> GrpcStatus.RESOURCE_EXHAUSTED;
      case DEADLINE -> GrpcStatus.DEADLINE_EXCEEDED;
      case CANCELLED -> GrpcStatus.CANCELLED;
      case PERMISSION -> GrpcStatus.PERMISSION_DENIED;
      case UNIMPLEMENTED -> GrpcStatus.UNIMPLEMENTED;
      case UNAVAILABLE -> GrpcStatus.UNAVAILABLE;
      case DATA_LOSS -> GrpcStatus.DATA_LOSS;
    };
  }
}
