package io.emotioncluster.admin;

/** A failure this side detected, with the message for the operator and the exit code to return. */
public final class UserException extends RuntimeException {

  private final int exitCode;

  public UserException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public static UserException usage(String message) {
    return new UserException(ExitCodes.USAGE, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
