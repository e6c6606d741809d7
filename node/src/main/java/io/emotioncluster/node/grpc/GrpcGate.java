package io.emotioncluster.node.grpc;

import io.emotioncluster.node.metrics.NodeMetrics;
import io.emotioncluster.node.security.MethodRoles;
import io.emotioncluster.node.security.Role;
import io.emotioncluster.node.security.TokenStore;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every call passes before it reaches a service: the bearer token check (UNAUTHENTICATED
 * without a valid token, PERMISSION_DENIED when its role is too low), a request id (the
 * client's {@code x-request-id} or a new one, echoed back and put in the log context), and the
 * per-method metrics taken when the call's status goes out. Runs on the event loop and only
 * hashes a header, so it never blocks.
 */
public final class GrpcGate implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcGate.class);
  private static final String BEARER = "bearer ";
  private static final java.util.Set<String> SERVER_FAULTS = java.util.Set.of("INTERNAL", "UNKNOWN", "DATA_LOSS",
      "UNAVAILABLE");

  private final Handler<HttpServerRequest> next;
  private final TokenStore tokens; // null: authentication off
  private final NodeMetrics metrics;

  public GrpcGate(Handler<HttpServerRequest> next, TokenStore tokens, NodeMetrics metrics) {
    this.next = next;
    this.tokens = tokens;
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpServerRequest req) {
    long start = System.nanoTime();
    String method = req.path().startsWith("/") ? req.path().substring(1) : req.path();
    String requestId = requestId(req.getHeader("x-request-id"));
    HttpServerResponse resp = req.response();
    resp.putHeader("x-request-id", requestId);
    AtomicBoolean recorded = new AtomicBoolean();
    // bodyEndHandler, not end/closeHandler: with those set, Vert.x 5.0.7 fails ending an HTTP/2
    // stream whose request is still open (NPE in VertxHttp2Stream). Calls the client abandons
    // (no status written) are therefore not counted.
    resp.bodyEndHandler(v -> done(recorded, method, statusOf(resp), start, requestId));

    Optional<Role> required = MethodRoles.required(method);
    if (tokens != null && required.isPresent()) {
      String auth = req.getHeader("authorization");
      if (auth == null || !auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        reject(resp, GrpcStatus.UNAUTHENTICATED, "this node requires a token: send the metadata "
            + "'authorization: Bearer <token>' (emotion-admin: --token or EMOTION_TOKEN)");
        return;
      }
      Optional<Role> role = tokens.roleOf(auth.substring(BEARER.length()).strip());
      if (role.isEmpty()) {
        reject(resp, GrpcStatus.UNAUTHENTICATED, "the bearer token is not valid on this node");
        return;
      }
      if (!role.get().allows(required.get())) {
        reject(resp, GrpcStatus.PERMISSION_DENIED, method + " needs the " + required.get().label()
            + " role; this token has the " + role.get().label() + " role");
        return;
      }
    }
    next.handle(req);
  }

  private void done(AtomicBoolean recorded, String method, String status, long start, String requestId) {
    if (!recorded.compareAndSet(false, true)) {
      return;
    }
    long nanos = System.nanoTime() - start;
    if (metrics != null) {
      metrics.call(shortName(method), status, nanos);
    }
    MDC.put("request_id", requestId);
    try {
      // client mistakes are the client's business (metrics count them); server faults are ours
      if (SERVER_FAULTS.contains(status)) {
        LOG.warn("{} {} in {} ms", method, status, nanos / 1_000_000);
      } else {
        LOG.debug("{} {} in {} ms", method, status, nanos / 1_000_000);
      }
    } finally {
      MDC.remove("request_id");
    }
  }

  /** The status the call ended with: in the trailers, or in the headers of a trailers-only answer. */
  private static String statusOf(HttpServerResponse resp) {
    String code = resp.trailers().get("grpc-status");
    if (code == null) {
      code = resp.headers().get("grpc-status");
    }
    if (code == null) {
      return resp.getStatusCode() == 200 ? "UNKNOWN" : "HTTP_" + resp.getStatusCode();
    }
    try {
      return GrpcStatus.valueOf(Integer.parseInt(code.trim())).name();
    } catch (RuntimeException e) {
      return "UNKNOWN";
    }
  }

  /** "emotion.v1.EmotionService/Classify" -> "EmotionService/Classify": short labels, same meaning. */
  static String shortName(String method) {
    int slash = method.indexOf('/');
    int dot = slash < 0 ? -1 : method.lastIndexOf('.', slash);
    return dot < 0 ? method : method.substring(dot + 1);
  }

  private static String requestId(String given) {
    if (given != null && !given.isBlank() && given.length() <= 64 && given.chars().allMatch(c -> c > 32 && c < 127)) {
      return given;
    }
    return UUID.randomUUID().toString().substring(0, 13);
  }

  /** A trailers-only gRPC answer: HTTP 200 with the status in the headers, nothing read or run. */
  private static void reject(HttpServerResponse resp, GrpcStatus status, String message) {
    resp.setStatusCode(200)
        .putHeader("content-type", "application/grpc")
        .putHeader("grpc-status", Integer.toString(status.code))
        .putHeader("grpc-message", percentEncode(message))
        .end();
  }

  /** grpc-message is percent-encoded UTF-8 (gRPC over HTTP/2 spec). */
  static String percentEncode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
