package io.emotioncluster.node.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The accepted bearer tokens, kept only as SHA-256 digests. A presented token is hashed and
 * compared with every digest using {@link MessageDigest#isEqual} and no early exit, so neither
 * the comparison nor the position of a match leaks through timing. Tokens are never logged.
 */
public final class TokenStore {

  /** Shorter tokens are refused at start: they could be guessed. */
  public static final int MIN_TOKEN_LENGTH = 16;

  private record Entry(Role role, byte[] digest) {}

  private final List<Entry> entries;

  private TokenStore(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Reads the file (if any) and the env list (if any); fails with a message naming the bad line. */
  public static TokenStore load(AuthConfig config) throws IOException {
    List<Entry> out = new ArrayList<>();
    if (config.tokensFile() != null) {
      List<String> lines = Files.readAllLines(config.tokensFile(), StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\s+");
        if (parts.length != 2) {
          throw new IllegalArgumentException(config.tokensFile() + " line " + (i + 1)
              + ": expected '<role> <token>' (role admin or inference)");
        }
        out.add(entry(parts[0], parts[1], config.tokensFile() + " line " + (i + 1)));
      }
    }
    if (config.envTokens() != null && !config.envTokens().isBlank()) {
      int n = 0;
      for (String item : config.envTokens().split(",")) {
        n++;
        int colon = item.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException("EMOTION_TOKENS item " + n + ": expected role:token");
        }
        out.add(entry(item.substring(0, colon), item.substring(colon + 1).strip(), "EMOTION_TOKENS item " + n));
      }
    }
    return new TokenStore(out);
  }

  private static Entry entry(String role, String token, String where) {
    Role r;
    try {
      r = Role.parse(role);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
    if (token.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(where + ": token shorter than " + MIN_TOKEN_LENGTH
          + " characters (make one with: openssl rand -hex 24)");
    }
    return new Entry(r, sha256(token));
  }

  public static TokenStore of(Role role, String token) {
    return new TokenStore(List.of(entry(role.label(), token, "token")));
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  /** The role of {@code token}, the highest when it is listed twice; empty when unknown. */
  public Optional<Role> roleOf(String token) {
    byte[] digest = sha256(token);
    Role found = null;
    for (Entry e : entries) { // every entry is compared, match or not
      if (MessageDigest.isEqual(digest, e.digest()) && (found == null || e.role() == Role.ADMIN)) {
        found = e.role();
      }
    }
    return Optional.ofNullable(found);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
