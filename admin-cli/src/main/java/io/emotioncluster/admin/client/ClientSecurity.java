package io.emotioncluster.admin.client;

import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the console reaches nodes: plaintext or TLS (a CA to trust, the JVM's default CAs when
 * none is given; a client certificate for mutual TLS), and the bearer token sent on every call.
 */
public record ClientSecurity(String token, boolean tls, Path tlsCa, Path tlsCert, Path tlsKey) {

  public static final ClientSecurity NONE = new ClientSecurity(null, false, null, null, null);

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** EMOTION_TOKEN, EMOTION_TOKEN_FILE, EMOTION_TLS (true), EMOTION_TLS_CA, EMOTION_TLS_CERT, EMOTION_TLS_KEY. */
  public static ClientSecurity fromEnv(Map<String, String> env) {
    return new ClientSecurity(null, false, null, null, null).with(blank(env.get("EMOTION_TOKEN")),
        path(env.get("EMOTION_TOKEN_FILE")), "true".equalsIgnoreCase(env.get("EMOTION_TLS")), path(env.get("EMOTION_TLS_CA")), path(env.get("EMOTION_TLS_CERT")),
        path(env.get("EMOTION_TLS_KEY")));
  }

  /** These settings with the given ones (null = keep) on top; a token file is read now. */
  public ClientSecurity with(String newToken, Path tokenFile, boolean useTls, Path ca, Path cert, Path key) {
    String t = newToken != null ? newToken : tokenFile != null ? readToken(tokenFile) : token;
    Path c = ca != null ? ca : tlsCa;
    Path ce = cert != null ? cert : tlsCert;
    Path k = key != null ? key : tlsKey;
    return new ClientSecurity(t, tls || useTls || c != null || ce != null, c, ce, k);
  }

  /** Fails with a message naming the flag when the settings cannot work. */
  public void check() {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together (a client certificate and its key)");
    }
    for (Path p : new Path[] {tlsCa, tlsCert, tlsKey}) {
      if (p != null && !Files.isReadable(p)) {
        throw new IllegalArgumentException("cannot read " + p);
      }
    }
  }

  /** A channel to {@code target} with these credentials; the token rides on every call. */
  public ManagedChannel channel(String target, int maxInboundBytes) {
    return channel(target, maxInboundBytes, null);
  }

  /** As {@link #channel(String, int)}, with a service config (load balancing, health checks, retries). */
  public ManagedChannel channel(String target, int maxInboundBytes, java.util.Map<String, ?> serviceConfig) {
    ChannelCredentials creds;
    if (tls) {
      try {
        TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
        if (tlsCa != null) {
          b.trustManager(tlsCa.toFile());
        }
        if (tlsCert != null) {
          b.keyManager(tlsCert.toFile(), tlsKey.toFile());
        }
        creds = b.build();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
      }
    } else {
      creds = InsecureChannelCredentials.create();
    }
    var builder = Grpc.newChannelBuilder(target, creds).maxInboundMessageSize(maxInboundBytes);
    if (serviceConfig != null) {
      builder.defaultServiceConfig(serviceConfig).enableRetry();
    }
    if (token != null) {
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, "Bearer " + token);
      ClientInterceptor bearer = MetadataUtils.newAttachHeadersInterceptor(headers);
      builder.intercept(bearer);
    }
    return builder.build();
  }

  /** Identifies the settings without revealing the token (cache keys, never printed). */
  String fingerprint() {
    return (token == null ? "-" : Integer.toHexString(token.hashCode())) + "|" + tls + "|" + tlsCa + "|" + tlsCert;
  }

  @Override
  public String toString() { // never print the token
    return "ClientSecurity[token=" + (token == null ? "none" : "***") + ", tls=" + tls + ", ca=" + tlsCa
        + ", cert=" + tlsCert + "]";
  }

  private static String readToken(Path file) {
    try {
      String t = Files.readString(file).strip();
      if (t.isEmpty()) {
        throw new IllegalArgumentException("token file " + file + " is empty");
      }
      return t;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read token file " + file + ": " + e.getMessage());
    }
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static Path path(String s) {
    return s == null || s.isBlank() ? null : Path.of(s.strip());
  }
}
