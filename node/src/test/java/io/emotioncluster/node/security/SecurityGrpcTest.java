package io.emotioncluster.node.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.Image;
import io.emotioncluster.api.v1.ListVersionsRequest;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.node.app.EmotionNode;
import io.emotioncluster.node.app.NodeConfig;
import io.emotioncluster.node.app.TestNodes;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nodes on loopback (no model: bootstrap off, so calls that pass the gate answer
 * FAILED_PRECONDITION or OK): TLS with openssl-made certificates, mutual TLS, bearer tokens and
 * roles, open health.
 */
class SecurityGrpcTest {

  static final String ADMIN = "admin-token-0123456789abcdef";
  static final String INFERENCE = "inference-token-0123456789ab";

  @TempDir
  static Path tmp;
  static TestCerts certs;
  static EmotionNode tlsNode;
  static EmotionNode mtlsNode;
  static final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    certs = TestCerts.make(tmp.resolve("certs"));
    Path tokens = tmp.resolve("tokens");
    Files.writeString(tokens, "# role token\nadmin " + ADMIN + "\ninference " + INFERENCE + "\n");
    tlsNode = EmotionNode.start(base(tmp.resolve("tls")).withOperations(TestNodes.config(tmp).operations()
        .withAuth(AuthConfig.tokens(tokens, null))
        .withTls(new TlsConfig(certs.nodeCert(), certs.nodeKey(), null))));
    mtlsNode = EmotionNode.start(base(tmp.resolve("mtls")).withOperations(TestNodes.config(tmp).operations()
        .withAuth(AuthConfig.tokens(null, "admin:" + ADMIN))
        .withTls(new TlsConfig(certs.nodeCert(), certs.nodeKey(), certs.ca()))));
  }

  private static NodeConfig base(Path dir) {
    return TestNodes.config(dir).withBootstrap(false, TestNodes.SMALL_BOOTSTRAP);
  }

  @AfterAll
  static void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    if (tlsNode != null) {
      tlsNode.close();
    }
    if (mtlsNode != null) {
      mtlsNode.close();
    }
  }

  @Test
  void tokensAndRolesGateEveryMethodButHealth() throws Exception {
    ManagedChannel ch = channel(tlsNode, TlsChannelCredentials.newBuilder().trustManager(certs.ca().toFile()).build());

    // health stays open for probes and load balancers
    assertThat(HealthGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()).getStatus().name()).isEqualTo("SERVING");

    assertThat(codeOf(() -> admin(ch, null).listVersions(ListVersionsRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(messageOf(() -> emotion(ch, null).classify(classify()))).contains("authorization: Bearer");
    assertThat(codeOf(() -> admin(ch, "wrong-token-0123456789abcdef").listVersions(ListVersionsRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.UNAUTHENTICATED);

    // inference may classify (no model here: the call gets past the gate to FAILED_PRECONDITION)...
    assertThat(codeOf(() -> emotion(ch, INFERENCE).classify(classify()))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    // ...but not administer
    assertThat(codeOf(() -> admin(ch, INFERENCE).listVersions(ListVersionsRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(messageOf(() -> admin(ch, INFERENCE).listVersions(ListVersionsRequest.getDefaultInstance())))
        .contains("admin role");
    // admin may do both
    assertThat(admin(ch, ADMIN).listVersions(ListVersionsRequest.getDefaultInstance()).getVersionsCount()).isZero();
    assertThat(codeOf(() -> emotion(ch, ADMIN).classify(classify()))).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void plaintextClientCannotTalkToATlsNode() {
    ManagedChannel plain = channel(tlsNode, InsecureChannelCredentials.create());
    assertThat(codeOf(() -> HealthGrpc.newBlockingStub(plain).withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()))).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void clientThatDoesNotTrustTheCaIsRefused() throws Exception {
    TestCerts other = TestCerts.make(tmp.resolve("other-ca"));
    ManagedChannel ch = channel(tlsNode, TlsChannelCredentials.newBuilder().trustManager(other.ca().toFile()).build());
    assertThat(codeOf(() -> HealthGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()))).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void mutualTlsRejectsAClientWithoutCertificate() throws Exception {
    ManagedChannel noCert = channel(mtlsNode, TlsChannelCredentials.newBuilder().trustManager(certs.ca().toFile()).build());
    assertThat(codeOf(() -> HealthGrpc.newBlockingStub(noCert).withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()))).isEqualTo(Status.Code.UNAVAILABLE);

    ManagedChannel withCert = channel(mtlsNode, TlsChannelCredentials.newBuilder().trustManager(certs.ca().toFile())
        .keyManager(certs.clientCert().toFile(), certs.clientKey().toFile()).build());
    assertThat(admin(withCert, ADMIN).listVersions(ListVersionsRequest.getDefaultInstance()).getVersionsCount()).isZero();
    // a certificate is not a token: the gate still asks for one
    assertThat(codeOf(() -> admin(withCert, null).listVersions(ListVersionsRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void aNodeRequiringTokensButGivenNoneRefusesToStart() {
    NodeConfig noTokens = base(tmp.resolve("none")).withOperations(TestNodes.config(tmp).operations()
        .withAuth(AuthConfig.tokens(null, null)));
    assertThatThrownBy(() -> EmotionNode.start(noTokens))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--tokens-file").hasMessageContaining("--auth none");
  }

  // ------------------------------------------------------------------------------------ helpers

  private static ManagedChannel channel(EmotionNode node, ChannelCredentials creds) {
    ManagedChannel ch = Grpc.newChannelBuilder("localhost:" + node.port(), creds).build();
    channels.add(ch);
    return ch;
  }

  private static ModelAdminGrpc.ModelAdminBlockingStub admin(ManagedChannel ch, String token) {
    var stub = ModelAdminGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
    return token == null ? stub : stub.withCallCredentials(bearer(token));
  }

  private static EmotionServiceGrpc.EmotionServiceBlockingStub emotion(ManagedChannel ch, String token) {
    var stub = EmotionServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
    return token == null ? stub : stub.withCallCredentials(bearer(token));
  }

  private static ClassifyRequest classify() {
    return ClassifyRequest.newBuilder().setImage(Image.newBuilder()
        .setEncoded(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2, 3}))).build();
  }

  static CallCredentials bearer(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        applier.apply(m);
      }
    };
  }

  static Status.Code codeOf(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  static String messageOf(Runnable call) {
    try {
      call.run();
      return "";
    } catch (StatusRuntimeException e) {
      return String.valueOf(e.getStatus().getDescription());
    }
  }
}
