package io.emotioncluster.node.grpc;

import io.emotioncluster.api.v1.CancelJobRequest;
import io.emotioncluster.api.v1.CompareRequest;
import io.emotioncluster.api.v1.CompareResponse;
import io.emotioncluster.node.evaluation.ExperimentComparisons;
import io.emotioncluster.node.evaluation.VersionComparator;
import io.emotioncluster.api.v1.DeleteVersionRequest;
import io.emotioncluster.api.v1.DeleteVersionResponse;
import io.emotioncluster.api.v1.EmotionProto;
import io.emotioncluster.api.v1.GetVersionRequest;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.JobInfo;
import io.emotioncluster.api.v1.ListJobsRequest;
import io.emotioncluster.api.v1.ListJobsResponse;
import io.emotioncluster.api.v1.ListVersionsRequest;
import io.emotioncluster.api.v1.ListVersionsResponse;
import io.emotioncluster.api.v1.ModelVersion;
import io.emotioncluster.api.v1.PromoteRequest;
import io.emotioncluster.api.v1.PromoteResponse;
import io.emotioncluster.api.v1.RollbackRequest;
import io.emotioncluster.api.v1.WatchJobRequest;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.jobs.JobManager;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.emotioncluster.node.serving.ServingModels;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.Service;
import io.vertx.grpc.server.ServiceBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * emotion.v1.ModelAdmin over Vert.x gRPC: thin handlers over {@link ModelRegistry},
 * {@link ServingModels} and {@link JobManager}. Anything that writes to disk or waits for a model
 * runs on the blocking executor.
 */
public final class ModelAdminGrpcService {

  static final ServiceName NAME = ServiceName.create("emotion.v1.ModelAdmin");

  private final Vertx vertx;
  private final ModelRegistry registry;
  private final ServingModels models;
  private final JobManager jobs;
  private final VersionComparator comparator;
  private final ExperimentComparisons experiments;
  private final Executor blocking;
  private java.util.function.Supplier<io.emotioncluster.api.v1.ClusterStatusResponse> clusterStatus;

  public ModelAdminGrpcService(Vertx vertx, ModelRegistry registry, ServingModels models, JobManager jobs,
      VersionComparator comparator, ExperimentComparisons experiments, Executor blocking) {
    this.vertx = vertx;
    this.registry = registry;
    this.models = models;
    this.jobs = jobs;
    this.comparator = comparator;
    this.experiments = experiments;
    this.blocking = blocking;
  }

  /** Where ClusterStatus answers come from (may block: called on the blocking executor). */
  public ModelAdminGrpcService withClusterStatus(
      java.util.function.Supplier<io.emotioncluster.api.v1.ClusterStatusResponse> source) {
    this.clusterStatus = source;
    return this;
  }

  public Service service() {
    var descriptor = EmotionProto.getDescriptor().findServiceByName("ModelAdmin");
    ServiceBuilder b = Service.service(NAME, descriptor);
    b.bind(method("ListVersions", ListVersionsRequest.newBuilder()), this::listVersions);
    b.bind(method("GetVersion", GetVersionRequest.newBuilder()), this::getVersion);
    b.bind(method("Promote", PromoteRequest.newBuilder()), this::promote);
    b.bind(method("Rollback", RollbackRequest.newBuilder()), this::rollback);
    b.bind(method("DeleteVersion", DeleteVersionRequest.newBuilder()), this::deleteVersion);
    b.bind(method("ListJobs", ListJobsRequest.newBuilder()), this::listJobs);
    b.bind(method("WatchJob", WatchJobRequest.newBuilder()), this::watchJob);
    b.bind(method("CancelJob", CancelJobRequest.newBuilder()), this::cancelJob);
    b.bind(method("Compare", CompareRequest.newBuilder()), this::compare);
    b.bind(method("ClusterStatus", io.emotioncluster.api.v1.ClusterStatusRequest.newBuilder()), this::clusterStatus);
    Unimplemented.bindRest(b, NAME, descriptor, Map.of());
    return b.build();
  }

  private static <Q, R extends com.google.protobuf.MessageLite> ServiceMethod<Q, R> method(String name,
      com.google.protobuf.Message.Builder request) {
    return ServiceMethod.server(NAME, name, GrpcMessageEncoder.<R>encoder(), GrpcMessageDecoder.<Q>decoder(request));
  }

  private <Q, R> void unary(GrpcServerRequest<Q, R> request, String name, java.util.function.Function<Q, R> work,
      boolean onWorker) {
    Context ctx = vertx.getOrCreateContext();
    Calls.unary(ctx, request, name, Calls.cancellation(request), msg -> onWorker
        ? CompletableFuture.supplyAsync(() -> work.apply(msg), blocking)
        : CompletableFuture.completedFuture(work.apply(msg)));
  }

  private void listVersions(GrpcServerRequest<ListVersionsRequest, ListVersionsResponse> request) {
    unary(request, "ListVersions", msg -> {
      ListVersionsResponse.Builder out = ListVersionsResponse.newBuilder();
      registry.list(ProtoMapper.kind(msg.getKind()), ProtoMapper.stage(msg.getStage()))
          .forEach(v -> out.addVersions(ProtoMapper.version(v, registry.stage(v.id()))));
      registry.production(ModelKind.CLASSIFIER).ifPresent(out::setProductionClassifier);
      registry.production(ModelKind.GENERATOR).ifPresent(out::setProductionGenerator);
      return out.build();
    }, false);
  }

  private void getVersion(GrpcServerRequest<GetVersionRequest, ModelVersion> request) {
    unary(request, "GetVersion", msg -> {
      var v = registry.require(requireId(msg.getVersionId()));
      return ProtoMapper.version(v, registry.stage(v.id()));
    }, false);
  }

  /** Answers once this node serves the new version, so a client can rely on it right away. */
  private void promote(GrpcServerRequest<PromoteRequest, PromoteResponse> request) {
    unary(request, "Promote", msg -> {
      String id = requireId(msg.getVersionId());
      registry.requireWritable("promote " + id); // a node cut off from the majority refuses at once
      registry.awaitHeld(id); // registered elsewhere and not copied here yet: wait for the copy (bounded)
      models.prepare(id).join(); // load and warm before switching: no request sees a cold model
      var r = io(() -> registry.promote(id));
      models.warmProduction().join();
      return PromoteResponse.newBuilder().setProductionVersion(r.production())
          .setPreviousVersion(r.previous() == null ? "" : r.previous()).build();
    }, true);
  }

  private void rollback(GrpcServerRequest<RollbackRequest, PromoteResponse> request) {
    unary(request, "Rollback", msg -> {
      ModelKind kind = ProtoMapper.kind(msg.getKind()) == null ? ModelKind.CLASSIFIER : ProtoMapper.kind(msg.getKind());
      registry.requireWritable("roll back the " + kind.name().toLowerCase() + " production version");
      registry.rollbackTarget(kind).ifPresent(target -> {
        if (kind == ModelKind.CLASSIFIER) {
          registry.awaitHeld(target);
          models.prepare(target).join(); // warm before switching, as Promote does
        }
      });
      var r = io(() -> registry.rollback(kind));
      models.warmProduction().join();
      return PromoteResponse.newBuilder().setProductionVersion(r.production())
          .setPreviousVersion(r.previous() == null ? "" : r.previous()).build();
    }, true);
  }

  private void deleteVersion(GrpcServerRequest<DeleteVersionRequest, DeleteVersionResponse> request) {
    unary(request, "DeleteVersion", msg -> {
      String id = requireId(msg.getVersionId());
      io(() -> {
        registry.delete(id, v -> jobs.usesVersion(v) ? "a queued or running training job" : null);
        return null;
      });
      models.unload(id);
      return DeleteVersionResponse.newBuilder().setVersionId(id).build();
    }, true);
  }

  private void compare(GrpcServerRequest<CompareRequest, CompareResponse> request) {
    unary(request, "Compare", msg -> {
      if (!msg.getExperimentId().isBlank()) {
        if (!msg.getBaselineVersion().isBlank() || !msg.getCandidateVersion().isBlank()) {
          throw ServiceException.invalid("set either experiment_id or baseline_version and candidate_version, not both");
        }
        return experiments.compare(msg.getExperimentId()); // stored when the experiment finished: a file read
      }
      if (msg.getBaselineVersion().isBlank() || msg.getCandidateVersion().isBlank()) {
        throw ServiceException.invalid("set baseline_version and candidate_version (e.g. \"v1\" and \"v2\")");
      }
      return ProtoMapper.comparison(io(() -> comparator.compare(msg.getBaselineVersion().trim(),
          msg.getCandidateVersion().trim())));
    }, true);
  }

  private void clusterStatus(GrpcServerRequest<io.emotioncluster.api.v1.ClusterStatusRequest,
      io.emotioncluster.api.v1.ClusterStatusResponse> request) {
    unary(request, "ClusterStatus", msg -> {
      if (clusterStatus == null) {
        throw new ServiceException(ServiceException.Kind.UNIMPLEMENTED, "this node reports no status");
      }
      return clusterStatus.get();
    }, true);
  }

  private void listJobs(GrpcServerRequest<ListJobsRequest, ListJobsResponse> request) {
    unary(request, "ListJobs", msg -> {
      if (msg.getLimit() > 1000) {
        throw ServiceException.invalid("limit must be at most 1000, got " + msg.getLimit());
      }
      return ListJobsResponse.newBuilder().addAllJobs(jobs.list(msg.getStatesList(), msg.getLimit())).build();
    }, false);
  }

  private void watchJob(GrpcServerRequest<WatchJobRequest, JobEvent> request) {
    Context ctx = vertx.getOrCreateContext();
    request.handler(msg -> {
      try {
        jobs.require(requireJob(msg.getJobId()));
        JobStreams.stream(ctx, request, jobs, msg.getJobId().trim());
      } catch (RuntimeException e) {
        Calls.fail(request.response(), e, "WatchJob");
      }
    });
  }

  private void cancelJob(GrpcServerRequest<CancelJobRequest, JobInfo> request) {
    unary(request, "CancelJob", msg -> jobs.cancel(requireJob(msg.getJobId())), true); // may write the job record
  }

  private static String requireId(String id) {
    if (id.isBlank()) {
      throw ServiceException.invalid("version_id is required, e.g. \"v1\"; ListVersions shows them");
    }
    return id.trim();
  }

  private static String requireJob(String id) {
    if (id.isBlank()) {
      throw ServiceException.invalid("job_id is required; ListJobs shows them");
    }
    return id.trim();
  }

  private interface IoWork<T> {
    T run() throws IOException;
  }

  private static <T> T io(IoWork<T> work) {
    try {
      return work.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
