package io.emotioncluster.node.cluster;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves {@code static-list:///host:port,host:port,...} to one address per node, so a gRPC
 * channel can round-robin over nodes that share a host but not a port (loopback clusters). In
 * production a DNS name with one record per node does the same with the built-in resolver.
 */
final class StaticListResolverProvider extends NameResolverProvider {

  static final String SCHEME = "static-list";

  static String target(List<String> hostPorts) {
    return SCHEME + ":///" + String.join(",", hostPorts);
  }

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 4; // below DNS (5): never becomes the default scheme
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
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    for (String hostPort : uri.getPath().substring(1).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      SocketAddress address = new InetSocketAddress(hostPort.substring(0, colon),
          Integer.parseInt(hostPort.substring(colon + 1)));
      groups.add(new EquivalentAddressGroup(address));
    }
    return new NameResolver() {
      @Override
      public String getServiceAuthority() {
        return "emotion-cluster";
      }

      @Override
      public void start(Listener2 listener) {
        listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).setAttributes(Attributes.EMPTY).build());
      }

      @Override
      public void shutdown() {
      }
    };
  }
}
