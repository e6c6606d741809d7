package io.emotioncluster.node;

/**
 * A failure a caller can act on. The gRPC layer maps {@link Kind} to a status code and passes
 * the message through unchanged, so messages are written for the person who sent the request.
 */
public class ServiceException extends RuntimeException {

  public enum Kind {
    INVALID_INPUT,
    NOT_FOUND,
    PRECONDITION,
    OVERLOADED,
    DEADLINE,
    CANCELLED,
    PERMISSION,
    UNIMPLEMENTED,
    UNAVAILABLE,
    DATA_LOSS
  }

  private final Kind kind;

  public ServiceException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ServiceException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static ServiceException invalid(String message) {
    return new ServiceException(Kind.INVALID_INPUT, message);
  }

  public static ServiceException notFound(String message) {
    return new ServiceException(Kind.NOT_FOUND, message);
  }

  public static ServiceException precondition(String message) {
    return new ServiceException(Kind.PRECONDITION, message);
  }

  public static ServiceException overloaded(String message) {
    return new ServiceException(Kind.OVERLOADED, message);
  }
}
