package io.emotioncluster.admin;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;

/** Exit codes scripts can branch on. */
final class ExitCodes {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int UNAVAILABLE = 3;
  static final int NOT_FOUND = 4;
  static final int INVALID = 5;

  private ExitCodes() {}

  static int report(Exception e, PrintWriter err) {
    if (e instanceof StatusRuntimeException s) {
      Status st = s.getStatus();
      err.println("error: " + st.getCode() + ": " + (st.getDescription() == null ? "" : st.getDescription()));
      return switch (st.getCode()) {
        case UNAVAILABLE, DEADLINE_EXCEEDED -> UNAVAILABLE;
        case NOT_FOUND -> NOT_FOUND;
        case INVALID_ARGUMENT, FAILED_PRECONDITION -> INVALID;
        default -> FAILED;
      };
    }
    err.println("error: " + e.getMessage());
    return FAILED;
  }
}
