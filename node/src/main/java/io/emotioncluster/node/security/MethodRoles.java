package io.emotioncluster.node.security;

import java.util.Map;
import java.util.Optional;

/**
 * The role each gRPC method needs. Health stays open (load balancers and probes carry no token);
 * anything not listed needs admin, so a method added later is closed until someone decides.
 */
public final class MethodRoles {

  private static final String EMOTION = "emotion.v1.EmotionService/";

  private static final Map<String, Role> ROLES = Map.of(
      EMOTION + "Classify", Role.INFERENCE,
      EMOTION + "ClassifyStream", Role.INFERENCE,
      EMOTION + "Generate", Role.INFERENCE,
      // schema discovery (grpcurl, the admin console) is harmless for any valid caller
      "grpc.reflection.v1.ServerReflection/ServerReflectionInfo", Role.INFERENCE,
      "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", Role.INFERENCE);

  private MethodRoles() {}

  /** Empty: open to anyone. {@code fullMethod} is "package.Service/Method" (no leading slash). */
  public static Optional<Role> required(String fullMethod) {
    if (fullMethod.startsWith("grpc.health.v1.Health/")) {
      return Optional.empty();
    }
    return Optional.of(ROLES.getOrDefault(fullMethod, Role.ADMIN));
  }
}
