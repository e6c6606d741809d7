package io.emotioncluster.node.grpc;

import io.emotioncluster.api.v1.EmotionProto;
import io.emotioncluster.api.v1.GetVersionRequest;
import io.emotioncluster.api.v1.ListVersionsRequest;
import io.emotioncluster.api.v1.ListVersionsResponse;
import io.emotioncluster.api.v1.ModelVersion;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.node.registry.ModelKind;
import io.emotioncluster.node.registry.ModelRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.Service;
import io.vertx.grpc.server.ServiceBuilder;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** emotion.v1.ModelAdmin over Vert.x gRPC: thin handlers over {@link ModelRegistry}. */
public final class ModelAdminGrpcService {

  static final ServiceName NAME = ServiceName.create("emotion.v1.ModelAdmin");

  private final Vertx vertx;
  private final ModelRegistry registry;

  public ModelAdminGrpcService(Vertx vertx, ModelRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  public Service service() {
    var descriptor = EmotionProto.getDescriptor().findServiceByName("ModelAdmin");
    ServiceBuilder b = Service.service(NAME, descriptor);
    b.bind(ServiceMethod.server(NAME, "ListVersions", GrpcMessageEncoder.<ListVersionsResponse>encoder(),
        GrpcMessageDecoder.<ListVersionsRequest>decoder(ListVersionsRequest.newBuilder())), this::listVersions);
    b.bind(ServiceMethod.server(NAME, "GetVersion", GrpcMessageEncoder.<ModelVersion>encoder(),
        GrpcMessageDecoder.<GetVersionRequest>decoder(GetVersionRequest.newBuilder())), this::getVersion);
    String versions = "version management arrives with the training release";
    String jobs = "training jobs arrive with the training release";
    Unimplemented.bindRest(b, NAME, descriptor, Map.of(
        "Promote", versions,
        "Rollback", versions,
        "DeleteVersion", versions,
        "Compare", "comparisons arrive with the training and generator releases",
        "ListJobs", jobs,
        "WatchJob", jobs,
        "CancelJob", jobs,
        "ClusterStatus", "cluster status arrives with the cluster release"));
    return b.build();
  }

  // Registry reads touch only memory, so they are answered on the event loop directly.
  private void listVersions(GrpcServerRequest<ListVersionsRequest, ListVersionsResponse> request) {
    Context ctx = vertx.getOrCreateContext();
    Calls.unary(ctx, request, "ListVersions", Calls.cancellation(request), msg -> {
      ListVersionsResponse.Builder out = ListVersionsResponse.newBuilder();
      registry.list(ProtoMapper.kind(msg.getKind()), ProtoMapper.stage(msg.getStage()))
          .forEach(v -> out.addVersions(ProtoMapper.version(v, registry.stage(v.id()))));
      registry.production(ModelKind.CLASSIFIER).ifPresent(out::setProductionClassifier);
      registry.production(ModelKind.GENERATOR).ifPresent(out::setProductionGenerator);
      return CompletableFuture.completedFuture(out.build());
    });
  }

  private void getVersion(GrpcServerRequest<GetVersionRequest, ModelVersion> request) {
    Context ctx = vertx.getOrCreateContext();
    Calls.unary(ctx, request, "GetVersion", Calls.cancellation(request), msg -> {
      if (msg.getVersionId().isBlank()) {
        throw ServiceException.invalid("version_id is required, e.g. \"v1\"; ListVersions shows them");
      }
      var v = registry.require(msg.getVersionId().trim());
      return CompletableFuture.completedFuture(ProtoMapper.version(v, registry.stage(v.id())));
    });
  }
}
