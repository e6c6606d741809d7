package io.emotioncluster.admin.client;

import io.emotioncluster.api.v1.CancelJobRequest;
import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.ClusterStatusRequest;
import io.emotioncluster.api.v1.ClusterStatusResponse;
import io.emotioncluster.api.v1.CompareRequest;
import io.emotioncluster.api.v1.CompareResponse;
import io.emotioncluster.api.v1.DeleteVersionRequest;
import io.emotioncluster.api.v1.DeleteVersionResponse;
import io.emotioncluster.api.v1.EmotionServiceGrpc;
import io.emotioncluster.api.v1.GenerateRequest;
import io.emotioncluster.api.v1.GeneratedImage;
import io.emotioncluster.api.v1.GetVersionRequest;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobInfo;
import io.emotioncluster.api.v1.JobState;
import io.emotioncluster.api.v1.ListJobsRequest;
import io.emotioncluster.api.v1.ListJobsResponse;
import io.emotioncluster.api.v1.ListVersionsRequest;
import io.emotioncluster.api.v1.ListVersionsResponse;
import io.emotioncluster.api.v1.ModelAdminGrpc;
import io.emotioncluster.api.v1.ModelKind;
import io.emotioncluster.api.v1.ModelVersion;
import io.emotioncluster.api.v1.PromoteRequest;
import io.emotioncluster.api.v1.PromoteResponse;
import io.emotioncluster.api.v1.RollbackRequest;
import io.emotioncluster.api.v1.Stage;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.api.v1.WatchJobRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The typed client every command uses: one method per RPC, a deadline of {@code timeoutSeconds}
 * on unary calls, none on the job streams (a training job may take hours). Reads that fail with
 * UNAVAILABLE are retried once on the next node of the target list; writes are not retried
 * (the node may have done them), the error goes to the caller.
 */
public final class NodeClient implements AutoCloseable {

  private final Failover failover;
  private final long timeoutSeconds;
  private final boolean owner;

  private NodeClient(Failover failover, long timeoutSeconds, boolean owner) {
    this.failover = failover;
    this.timeoutSeconds = Math.max(1, timeoutSeconds);
    this.owner = owner;
  }

  /** A client for the first node of {@code targets} that answers; nothing connects until a call. */
  public static NodeClient of(List<String> targets, long timeoutSeconds) {
    return of(targets, timeoutSeconds, ClientSecurity.NONE);
  }

  /** As {@link #of(List, long)}, over TLS and/or with a bearer token. */
  public static NodeClient of(List<String> targets, long timeoutSeconds, ClientSecurity security) {
    return new NodeClient(new Failover(targets, Math.min(timeoutSeconds, 5), security), timeoutSeconds, true);
  }

  /** The same connection with another deadline; closing the view leaves the connection open. */
  public NodeClient withTimeout(long seconds) {
    return new NodeClient(failover, seconds, false);
  }

  public List<String> targets() {
    return failover.targets();
  }

  public long timeoutSeconds() {
    return timeoutSeconds;
  }

  /** Connects now (to the first node that answers) and returns its address. */
  public String connect() {
    failover.channel();
    return failover.current();
  }

  /** The node in use, or null before the first call. */
  public String target() {
    return failover.current();
  }

  // ----------------------------------------------------------------------------------- versions

  public ListVersionsResponse listVersions(ModelKind kind, Stage stage) {
    ListVersionsRequest.Builder r = ListVersionsRequest.newBuilder();
    if (kind != null) {
      r.setKind(kind);
    }
    if (stage != null) {
      r.setStage(stage);
    }
    return read(ch -> admin(ch).listVersions(r.build()));
  }

  public ModelVersion getVersion(String id) {
    return read(ch -> admin(ch).getVersion(GetVersionRequest.newBuilder().setVersionId(id).build()));
  }

  public PromoteResponse promote(String id) {
    return write(ch -> admin(ch).promote(PromoteRequest.newBuilder().setVersionId(id).build()));
  }

  public PromoteResponse rollback(ModelKind kind) {
    return write(ch -> admin(ch).rollback(RollbackRequest.newBuilder().setKind(kind).build()));
  }

  public DeleteVersionResponse deleteVersion(String id) {
    return write(ch -> admin(ch).deleteVersion(DeleteVersionRequest.newBuilder().setVersionId(id).build()));
  }

  public CompareResponse compare(CompareRequest request) {
    return read(ch -> admin(ch).compare(request));
  }

  // --------------------------------------------------------------------------------------- jobs

  public ListJobsResponse listJobs(Collection<JobState> states, int limit) {
    return read(ch -> admin(ch).listJobs(ListJobsRequest.newBuilder().addAllStates(states).setLimit(limit).build()));
  }

  public JobInfo cancelJob(String id) {
    return write(ch -> admin(ch).cancelJob(CancelJobRequest.newBuilder().setJobId(id).build()));
  }

  /** Starts a job; events stream until it ends. Runs in the caller's gRPC context (cancel it to detach). */
  public Iterator<JobEvent> train(TrainRequest request) {
    return write(ch -> EmotionServiceGrpc.newBlockingStub(ch).train(request));
  }

  /** The job's current state, then every later event until it ends. */
  public Iterator<JobEvent> watchJob(String id) {
    return read(ch -> ModelAdminGrpc.newBlockingStub(ch).watchJob(WatchJobRequest.newBuilder().setJobId(id).build()));
  }

  // ------------------------------------------------------------------------------ other services

  public ClassifyResponse classify(ClassifyRequest request) {
    return read(ch -> emotion(ch).classify(request));
  }

  public Iterator<GeneratedImage> generate(GenerateRequest request) {
    return read(ch -> emotion(ch).generate(request));
  }

  public ClusterStatusResponse clusterStatus() {
    return read(ch -> admin(ch).clusterStatus(ClusterStatusRequest.getDefaultInstance()));
  }

  /** grpc.health.v1 for {@code service} ("" = the node as a whole, "emotion.v1.EmotionService" = readiness). */
  public HealthCheckResponse.ServingStatus health(String service) {
    return read(ch -> HealthGrpc.newBlockingStub(ch).withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus());
  }

  /** Readiness: SERVING once the node's production model is loaded and warm. */
  public HealthCheckResponse.ServingStatus readiness() {
    return health("emotion.v1.EmotionService");
  }

  // ------------------------------------------------------------------------------------ plumbing

  private ModelAdminGrpc.ModelAdminBlockingStub admin(ManagedChannel ch) {
    return ModelAdminGrpc.newBlockingStub(ch).withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS);
  }

  private EmotionServiceGrpc.EmotionServiceBlockingStub emotion(ManagedChannel ch) {
    return EmotionServiceGrpc.newBlockingStub(ch).withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS);
  }

  private <T> T read(Function<ManagedChannel, T> call) {
    ManagedChannel ch = failover.channel();
    try {
      return call.apply(ch);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || failover.targets().size() < 2) {
        throw e;
      }
      failover.reconnect(); // throws UNAVAILABLE naming every target if none answers
      return call.apply(failover.channel());
    }
  }

  private <T> T write(Function<ManagedChannel, T> call) {
    ManagedChannel ch = failover.channel();
    try {
      return call.apply(ch);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE && failover.targets().size() > 1) {
        try {
          failover.reconnect(); // so the next command goes to a node that answers
        } catch (StatusRuntimeException ignored) {
          // reported through the original error
        }
      }
      throw e;
    }
  }

  @Override
  public void close() {
    if (owner) {
      failover.close();
    }
  }
}
