package io.emotioncluster.node.security;

import java.nio.file.Path;

/**
 * How callers prove who they are. Tokens are required unless {@link Mode#NONE} was chosen
 * explicitly; a node set to require tokens but given none refuses to start.
 *
 * @param tokensFile lines {@code <role> <token>} (# comments), or null
 * @param envTokens  {@code role:token,role:token} (env EMOTION_TOKENS), or null/blank
 */
public record AuthConfig(Mode mode, Path tokensFile, String envTokens) {

  public enum Mode { TOKEN, NONE }

  /** Authentication off: only for a trusted network or a laptop; the node warns at start. */
  public static AuthConfig none() {
    return new AuthConfig(Mode.NONE, null, null);
  }

  public static AuthConfig tokens(Path file, String env) {
    return new AuthConfig(Mode.TOKEN, file, env);
  }

  public boolean enabled() {
    return mode == Mode.TOKEN;
  }
}
