package io.emotioncluster.admin;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;

/**
 * Exit codes scripts can branch on. The same numbers come back from a single command, from a
 * script (the failing line's code) and from the shell's last command.
 */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;
  /** Any other failure (an internal server error, an I/O error on this machine). */
  public static final int FAILED = 1;
  /** Bad command line, unknown command, or a destructive action refused without {@code --yes}. */
  public static final int USAGE = 2;
  /** No node answered, the deadline passed, or the node is overloaded: retry later or elsewhere. */
  public static final int UNAVAILABLE = 3;
  /** Unknown version or job. */
  public static final int NOT_FOUND = 4;
  /** The node refused the request: INVALID_ARGUMENT or FAILED_PRECONDITION (its message says why). */
  public static final int INVALID = 5;
  /** The node version does not offer this yet (UNIMPLEMENTED), or a client option it cannot honour. */
  public static final int UNIMPLEMENTED = 6;
  /** A training job ended FAILED. */
  public static final int JOB_FAILED = 7;
  /** A training job ended CANCELLED (or was cancelled from here). */
  public static final int JOB_CANCELLED = 8;
  /** UNAUTHENTICATED or PERMISSION_DENIED (e.g. a dataset path outside the node's datasets root). */
  public static final int DENIED = 9;
  /** Ctrl-C: the command stopped; a job it followed keeps running on the node. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}

  /** The exit code for a gRPC status code. */
  public static int of(Status.Code code) {
    return switch (code) {
      case OK -> OK;
      case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED -> UNAVAILABLE;
      case NOT_FOUND -> NOT_FOUND;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, ALREADY_EXISTS -> INVALID;
      case UNIMPLEMENTED -> UNIMPLEMENTED;
      case UNAUTHENTICATED, PERMISSION_DENIED -> DENIED;
      case CANCELLED -> INTERRUPTED;
      default -> FAILED;
    };
  }

  /** Prints a readable one-line error for {@code e} and returns its exit code. */
  public static int report(Throwable e, PrintWriter err) {
    int code;
    if (e instanceof StatusRuntimeException s) {
      Status st = s.getStatus();
      String description = st.getDescription() == null ? "" : st.getDescription();
      if (st.getCode() == Status.Code.CANCELLED) {
        err.println("interrupted: the call was cancelled" + (description.isEmpty() ? "" : " (" + description + ")"));
      } else {
        err.println("error: " + st.getCode() + (description.isEmpty() ? "" : ": " + description));
      }
      code = of(st.getCode());
    } else if (e instanceof UserException u) {
      err.println("error: " + u.getMessage());
      code = u.exitCode();
    } else if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
      err.println("error: " + e.getMessage());
      code = FAILED;
    } else {
      err.println("error: " + e);
      code = FAILED;
    }
    err.flush();
    return code;
  }
}
