package io.emotioncluster.node.security;

/** What a token may do. {@link #ADMIN} includes everything {@link #INFERENCE} may do. */
public enum Role {
  INFERENCE,
  ADMIN;

  public boolean allows(Role required) {
    return this == ADMIN || this == required;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** "admin" or "inference", any case. */
  public static Role parse(String s) {
    for (Role r : values()) {
      if (r.label().equalsIgnoreCase(s.trim())) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + s + "': use admin or inference");
  }
}
