package io.emotioncluster.node.cluster;

import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.ListVersionsRequest;
import io.emotioncluster.api.v1.ListVersionsResponse;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.node.app.NodeProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;

/** Three (or more) node JVMs on loopback with fixed ports, so that any of them can be killed and restarted. */
final class LoopbackCluster implements AutoCloseable {

  final int size;
  final int[] grpcPorts;
  final int[] clusterPorts;
  final Path[] dirs;
  final NodeProcess[] nodes;
  final ManagedChannel[] channels;

  LoopbackCluster(Path root, int size) throws IOException {
    this.size = size;
    grpcPorts = new int[size];
    clusterPorts = new int[size];
    dirs = new Path[size];
    nodes = new NodeProcess[size];
    channels = new ManagedChannel[size];
    for (int i = 0; i < size; i++) {
      grpcPorts[i] = NodeProcess.freePort();
      clusterPorts[i] = NodeProcess.freePort();
      dirs[i] = root.resolve("node" + i);
      channels[i] = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPorts[i]).usePlaintext().build();
    }
  }

  /** Node 0 may bootstrap the first model; the others never do. */
  void start(int i, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("--concurrent-jobs", "1"));
    if (i == 0) {
      args.addAll(List.of("--bootstrap-subjects", "12", "--bootstrap-epochs", "2"));
    } else {
      args.add("--no-bootstrap");
    }
    args.addAll(List.of(extra));
    List<Integer> members = new ArrayList<>();
    for (int p : clusterPorts) {
      members.add(p);
    }
    nodes[i] = NodeProcess.startClustered(dirs[i], grpcPorts[i], clusterPorts[i], members, args.toArray(String[]::new));
  }

  String nodeId(int i) {
    return "node-" + grpcPorts[i];
  }

  int indexOf(String nodeId) {
    for (int i = 0; i < size; i++) {
      if (nodeId(i).equals(nodeId)) {
        return i;
      }
    }
    throw new AssertionError("unknown node " + nodeId);
  }

  ModelAdminGrpc.ModelAdminBlockingStub admin(int i) {
    return ModelAdminGrpc.newBlockingStub(channels[i]).withDeadlineAfter(2, TimeUnit.MINUTES);
  }

  EmotionServiceGrpc.EmotionServiceBlockingStub emotion(int i) {
    return EmotionServiceGrpc.newBlockingStub(channels[i]).withDeadlineAfter(2, TimeUnit.MINUTES);
  }

  ListVersionsResponse versions(int i) {
    return admin(i).listVersions(ListVersionsRequest.getDefaultInstance());
  }

  /** The version that answers a Classify naming none (the production this node serves). */
  String servedVersion(int i) {
    return emotion(i).classify(ClassifyRequest.newBuilder().setImage(IMAGE).build()).getModelVersion();
  }

  boolean ready(int i) {
    try {
      return HealthGrpc.newBlockingStub(channels[i]).withDeadlineAfter(2, TimeUnit.SECONDS)
          .check(HealthCheckRequest.newBuilder().setService("emotion.v1.EmotionService").build())
          .getStatus() == HealthCheckResponse.ServingStatus.SERVING;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < until) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (StatusRuntimeException e) {
        // node not up yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out after " + seconds + " s waiting for: " + what);
  }

  void kill(int i) throws InterruptedException {
    nodes[i].kill();
    nodes[i] = null;
  }

  @Override
  public void close() throws InterruptedException {
    for (int i = 0; i < size; i++) {
      if (nodes[i] != null) {
        nodes[i].kill();
      }
      channels[i].shutdownNow();
    }
  }

  static final Image IMAGE = image();

  private static Image image() {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        int v = (x * 7 + y * 3) % 255;
        img.getRaster().setSample(x, y, 0, v);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Image.newBuilder().setEncoded(com.google.protobuf.ByteString.copyFrom(out.toByteArray())).build();
  }
}
