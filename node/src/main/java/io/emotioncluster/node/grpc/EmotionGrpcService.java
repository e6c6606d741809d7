package io.emotioncluster.node.grpc;

import io.emotioncluster.api.v1.ClassifyRequest;
import io.emotioncluster.api.v1.ClassifyResponse;
import io.emotioncluster.api.v1.EmotionProto;
import io.emotioncluster.api.v1.FrameError;
import io.emotioncluster.api.v1.JobEvent;
import io.emotioncluster.api.v1.TrainRequest;
import io.emotioncluster.node.ServiceException;
import io.emotioncluster.api.v1.GenerateRequest;
import io.emotioncluster.api.v1.GeneratedImage;
import io.emotioncluster.node.generator.GenerationPlan;
import io.emotioncluster.node.generator.GeneratorService;
import io.emotioncluster.node.jobs.JobManager;
import java.util.concurrent.Executor;
import io.emotioncluster.api.v1.StreamFrame;
import io.emotioncluster.api.v1.StreamResult;
import io.emotioncluster.node.serving.ClassificationService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import io.vertx.grpc.server.Service;
import io.vertx.grpc.server.ServiceBuilder;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * emotion.v1.EmotionService over Vert.x gRPC. Handlers only move messages: decoding, inference
 * and everything else happen in {@link ClassificationService} off the event loop, and results
 * are written back on the call's own context.
 */
public final class EmotionGrpcService {

  static final ServiceName NAME = ServiceName.create("emotion.v1.EmotionService");

  /** Frames of one stream being worked on at once; more pauses reading (back-pressure). */
  static final int STREAM_WINDOW = 32;

  private final Vertx vertx;
  private final ClassificationService classification;
  private final JobManager jobs;
  private final Executor blocking;
  private final String nodeId;
  private final long maxStreamFrames;
  private final GeneratorService generators;

  public EmotionGrpcService(Vertx vertx, ClassificationService classification, JobManager jobs, Executor blocking,
      String nodeId, GeneratorService generators) {
    this(vertx, classification, jobs, blocking, nodeId, Long.MAX_VALUE, generators);
  }

  /** @param maxStreamFrames frames one ClassifyStream call may send before RESOURCE_EXHAUSTED */
  public EmotionGrpcService(Vertx vertx, ClassificationService classification, JobManager jobs, Executor blocking,
      String nodeId, long maxStreamFrames, GeneratorService generators) {
    this.maxStreamFrames = maxStreamFrames;
    this.generators = generators;
    this.vertx = vertx;
    this.classification = classification;
    this.jobs = jobs;
    this.blocking = blocking;
    this.nodeId = nodeId;
  }

  public Service service() {
    var descriptor = EmotionProto.getDescriptor().findServiceByName("EmotionService");
    ServiceBuilder b = Service.service(NAME, descriptor);
    b.bind(ServiceMethod.server(NAME, "Classify", GrpcMessageEncoder.<ClassifyResponse>encoder(),
        GrpcMessageDecoder.<ClassifyRequest>decoder(ClassifyRequest.newBuilder())), this::classify);
    b.bind(ServiceMethod.server(NAME, "ClassifyStream", GrpcMessageEncoder.<StreamResult>encoder(),
        GrpcMessageDecoder.<StreamFrame>decoder(StreamFrame.newBuilder())), this::classifyStream);
    b.bind(ServiceMethod.server(NAME, "Train", GrpcMessageEncoder.<JobEvent>encoder(),
        GrpcMessageDecoder.<TrainRequest>decoder(TrainRequest.newBuilder())), this::train);
    b.bind(ServiceMethod.server(NAME, "Generate", GrpcMessageEncoder.<GeneratedImage>encoder(),
        GrpcMessageDecoder.<GenerateRequest>decoder(GenerateRequest.newBuilder())), this::generate);
    Unimplemented.bindRest(b, NAME, descriptor, Map.of());
    return b.build();
  }

  private void classify(GrpcServerRequest<ClassifyRequest, ClassifyResponse> request) {
    Context ctx = vertx.getOrCreateContext();
    AtomicBoolean cancelled = Calls.cancellation(request);
    long deadline = Calls.deadlineNanos(request);
    Calls.unary(ctx, request, "Classify", cancelled, msg -> classifyOne(msg, deadline, cancelled));
  }

  private CompletableFuture<ClassifyResponse> classifyOne(ClassifyRequest msg, long deadline, AtomicBoolean cancelled) {
    if (msg.getDetectFaces()) {
      return classification.classifyFaces(ProtoMapper.image(msg.getImage()), msg.getModelVersion(),
          deadline, cancelled::get).thenApply(c -> ProtoMapper.response(c, nodeId));
    }
    return classification.classify(ProtoMapper.image(msg.getImage()), msg.getModelVersion(), deadline,
        cancelled::get).thenApply(c -> ProtoMapper.response(c, nodeId));
  }

  /**
   * Frames are classified concurrently but answered strictly in arrival order: each result waits
   * for the one before it. With detect_faces, faces get track ids (and smoothed scores) in that
   * order too ({@link StreamTracks}). At most {@link #STREAM_WINDOW} frames are in flight; beyond that the
   * stream stops reading, so a fast camera cannot queue without end.
   */
  private void classifyStream(GrpcServerRequest<StreamFrame, StreamResult> request) {
    Context ctx = vertx.getOrCreateContext();
    AtomicBoolean cancelled = Calls.cancellation(request);
    GrpcServerResponse<StreamFrame, StreamResult> response = request.response();
    long deadline = Calls.deadlineNanos(request); // the stream's deadline bounds every frame
    StreamState state = new StreamState();
    response.drainHandler(v -> state.resumeIfPossible(request, response));
    request.handler(frame -> {
      if (cancelled.get()) {
        return;
      }
      if (++state.frames > maxStreamFrames) {
        cancelled.set(true); // answers still in flight are dropped: the stream ends here
        Calls.fail(response, ServiceException.overloaded("this stream sent more than " + maxStreamFrames
            + " frames, the node's limit per ClassifyStream call (--max-stream-frames); open a new stream"), "ClassifyStream");
        return;
      }
      state.inFlight++;
      if (state.inFlight >= STREAM_WINDOW) {
        request.pause();
      }
      CompletableFuture<StreamResult> result = classifyOne(frame.getRequest(), deadline, cancelled)
          .handle((ok, err) -> err == null
              ? StreamResult.newBuilder().setFrameId(frame.getFrameId()).setResponse(ok).build()
              : StreamResult.newBuilder().setFrameId(frame.getFrameId()).setError(frameError(err)).build());
      // tracks follow faces in frame order: the tail runs one frame after the other
      state.tail = state.tail.thenCombine(result, (prev, r) -> r.hasResponse()
              ? r.toBuilder().setResponse(state.tracks.annotate(frame, r.getResponse())).build() : r)
          .thenApply(r -> {
            ctx.runOnContext(v -> {
              if (cancelled.get()) {
                return;
              }
              try {
                response.write(r);
              } catch (IllegalStateException closed) {
                cancelled.set(true);
                return;
              }
              state.inFlight--;
              if (response.writeQueueFull()) {
                request.pause(); // the client reads slower than we answer: drainHandler resumes
              } else {
                state.resumeIfPossible(request, response);
              }
              if (state.inputEnded && state.inFlight == 0) {
                response.end();
              }
            });
            return null;
          });
    });
    request.endHandler(v -> {
      state.inputEnded = true;
      if (state.inFlight == 0 && !cancelled.get()) {
        response.end();
      }
    });
  }

  /** Queues the job (validation may touch the disk, so off the event loop), then streams it. */
  private void train(GrpcServerRequest<TrainRequest, JobEvent> request) {
    Context ctx = vertx.getOrCreateContext();
    request.handler(msg -> CompletableFuture.supplyAsync(() -> jobs.submit(msg), blocking)
        .whenComplete((job, err) -> ctx.runOnContext(v -> {
          if (err != null) {
            Calls.fail(request.response(), err, "Train");
          } else {
            JobStreams.stream(ctx, request, jobs, job.getJobId(), job.getLastEvent());
          }
        })));
  }

  /** Validates and opens the generator off the event loop, then streams images one by one. */
  private void generate(GrpcServerRequest<GenerateRequest, GeneratedImage> request) {
    Context ctx = vertx.getOrCreateContext();
    AtomicBoolean cancelled = Calls.cancellation(request);
    request.handler(msg -> CompletableFuture.supplyAsync(() -> {
      GenerationPlan plan = GenerationPlan.of(msg);
      return new GenerateStream(ctx, request.response(), cancelled, blocking, plan, generators.open(plan.versionId()));
    }, blocking).whenComplete((stream, err) -> ctx.runOnContext(v -> {
      if (err != null) {
        Calls.fail(request.response(), err, "Generate");
      } else {
        stream.pump();
      }
    })));
  }

  private static FrameError frameError(Throwable t) {
    GrpcErrors.Failure f = GrpcErrors.of(t, "ClassifyStream");
    return FrameError.newBuilder().setCode(f.status().code).setMessage(f.message()).build();
  }

  /** Mutable only on the call's context. */
  private static final class StreamState {
    CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    final StreamTracks tracks = new StreamTracks();
    int inFlight;
    long frames;
    boolean inputEnded;

    void resumeIfPossible(GrpcServerRequest<?, ?> request, GrpcServerResponse<?, ?> response) {
      if (!inputEnded && inFlight < STREAM_WINDOW && !response.writeQueueFull()) {
        request.resume();
      }
    }
  }
}
