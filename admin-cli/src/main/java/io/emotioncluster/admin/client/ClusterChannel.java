package io.emotioncluster.admin.client;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.ManagedChannel;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One channel over every node of a list, with the shipped client settings
 * (deploy/client/service-config.json, bundled in the jar): round_robin, client-side health checks
 * on the readiness service, retries on UNAVAILABLE. What a load test of a cluster should use, since
 * it is what robots are told to use.
 */
public final class ClusterChannel {

  static final String SCHEME = "emotion-nodes";
  private static final String CONFIG = "service-config.json";
  private static volatile boolean registered;

  private ClusterChannel() {}

  /** A channel spreading calls over {@code nodes} ("host:port" each), with {@code security}'s TLS and token. */
  public static ManagedChannel open(List<String> nodes, ClientSecurity security, int maxInboundBytes) {
    register();
    return security.channel(SCHEME + ":///" + String.join(",", nodes), maxInboundBytes, serviceConfig());
  }

  /** The shipped service config, as grpc-java's defaultServiceConfig wants it (JSON numbers as Double). */
  @SuppressWarnings("unchecked")
  public static Map<String, ?> serviceConfig() {
    try (InputStream in = ClusterChannel.class.getResourceAsStream(CONFIG)) {
      if (in == null) {
        throw new IllegalStateException(CONFIG + " is missing from the emotion-admin jar");
      }
      // grpc's own JSON reader: numbers as Double, as defaultServiceConfig expects
      return (Map<String, ?>) io.grpc.internal.JsonParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized void register() {
    if (!registered) {
      NameResolverRegistry.getDefaultRegistry().register(new Provider());
      registered = true;
    }
  }

  /** Resolves emotion-nodes:///host:port,host:port to one address group per node. */
  private static final class Provider extends NameResolverProvider {

    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      return 4; // below DNS (5): never the default scheme
    }

    @Override
    public String getDefaultScheme() {
      return SCHEME;
    }

    @Override
    public NameResolver newNameResolver(URI uri, NameResolver.Args args) {
      if (!SCHEME.equals(uri.getScheme())) {
        return null;
      }
      String[] nodes = uri.getPath().substring(1).split(",");
      // TLS checks every node's certificate against this name: the first node's host
      String authority = nodes[0];
      return new NameResolver() {
        @Override
        public String getServiceAuthority() {
          return authority;
        }

        @Override
        public void start(Listener2 listener) {
          List<EquivalentAddressGroup> groups = new ArrayList<>();
          try {
            for (String node : nodes) {
              int colon = node.lastIndexOf(':');
              int port = Integer.parseInt(node.substring(colon + 1));
              // every address of the name (localhost: ::1 and 127.0.0.1), tried in turn
              List<SocketAddress> addresses = new ArrayList<>();
              for (java.net.InetAddress ip : java.net.InetAddress.getAllByName(node.substring(0, colon))) {
                addresses.add(new InetSocketAddress(ip, port));
              }
              groups.add(new EquivalentAddressGroup(addresses));
            }
          } catch (java.net.UnknownHostException | RuntimeException e) {
            listener.onError(io.grpc.Status.UNAVAILABLE.withDescription("cannot resolve " + String.join(",", nodes)
                + ": " + e.getMessage()));
            return;
          }
          listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).setAttributes(Attributes.EMPTY).build());
        }

        @Override
        public void shutdown() {
        }
      };
    }
  }
}
