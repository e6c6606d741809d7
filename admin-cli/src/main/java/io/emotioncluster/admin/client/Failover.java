package io.emotioncluster.admin.client;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The channel to one node of a target list: the first that answers its health check, starting at
 * a random position of the list so that many clients (or runs of the shell) spread over the
 * nodes of a cluster. When the node in use goes away, {@link #reconnect} moves on to the next
 * that answers, wrapping around.
 */
final class Failover implements AutoCloseable {

  static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;

  private final List<String> targets;
  private final long probeSeconds;
  private final ClientSecurity security;
  private ManagedChannel channel;
  private int index = -1;
  private final int start;

  Failover(List<String> targets, long probeSeconds) {
    this(targets, probeSeconds, ClientSecurity.NONE);
  }

  Failover(List<String> targets, long probeSeconds, ClientSecurity security) {
    this.security = security;
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no target given");
    }
    this.targets = List.copyOf(targets);
    this.probeSeconds = Math.max(1, probeSeconds);
    this.start = java.util.concurrent.ThreadLocalRandom.current().nextInt(targets.size());
  }

  List<String> targets() {
    return targets;
  }

  /** The channel in use, connecting first if there is none. */
  synchronized ManagedChannel channel() {
    if (channel == null) {
      connectFrom(start);
    }
    return channel;
  }

  /** The target in use, or null before the first connection. */
  synchronized String current() {
    return channel == null ? null : targets.get(index);
  }

  /** Drops the node in use and connects to the next one of the list that answers. */
  synchronized void reconnect() {
    int from = index < 0 ? start : index + 1;
    closeChannel();
    connectFrom(from);
  }

  private void connectFrom(int from) {
    StatusRuntimeException last = null;
    for (int i = 0; i < targets.size(); i++) {
      int k = (from + i) % targets.size();
      String t = targets.get(k);
      ManagedChannel ch = security.channel(t, MAX_INBOUND_BYTES);
      try {
        HealthGrpc.newBlockingStub(ch).withDeadlineAfter(probeSeconds, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance());
        channel = ch;
        index = k;
        return;
      } catch (StatusRuntimeException e) {
        last = e;
        ch.shutdownNow();
      } catch (RuntimeException e) { // a malformed target
        ch.shutdownNow();
        throw Status.INVALID_ARGUMENT.withDescription("bad target '" + t + "': " + e.getMessage()
            + " (use host:port)").asRuntimeException();
      }
    }
    throw Status.UNAVAILABLE.withDescription("no node answered at " + String.join(", ", targets)
        + (last == null ? "" : " (last error: " + last.getStatus().getCode() + ")")
        + "; start one with bin/emotion-node or pass --target host:port").asRuntimeException();
  }

  private void closeChannel() {
    if (channel != null) {
      channel.shutdownNow();
      channel = null;
    }
  }

  @Override
  public synchronized void close() {
    closeChannel();
  }
}
