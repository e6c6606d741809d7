package io.emotioncluster.node.grpc;

import com.google.protobuf.ByteString;
import io.emotioncluster.api.v1.GeneratedImage;
import io.emotioncluster.node.generator.FaceGenerator;
import io.emotioncluster.node.generator.GenerationPlan;
import io.emotioncluster.node.image.PngCodec;
import io.vertx.core.Context;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Generate response: images are made one at a time on a worker and written on the call's
 * context; the next one starts only when the client has room (drain) and has not gone away.
 * State is touched only on the call's context.
 */
final class GenerateStream {

  private final Context ctx;
  private final GrpcServerResponse<?, GeneratedImage> response;
  private final AtomicBoolean cancelled;
  private final Executor blocking;
  private final GenerationPlan plan;
  private final FaceGenerator generator;
  private int next;
  private boolean closed;

  GenerateStream(Context ctx, GrpcServerResponse<?, GeneratedImage> response, AtomicBoolean cancelled,
      Executor blocking, GenerationPlan plan, FaceGenerator generator) {
    this.ctx = ctx;
    this.response = response;
    this.cancelled = cancelled;
    this.blocking = blocking;
    this.plan = plan;
    this.generator = generator;
  }

  void pump() {
    if (cancelled.get()) {
      release();
      return;
    }
    if (next == plan.items().size()) {
      release();
      try {
        response.end();
      } catch (IllegalStateException ignored) {
        // the client reset the stream after the last image; nothing left to tell it
      }
      return;
    }
    if (response.writeQueueFull()) {
      response.drainHandler(v -> {
        response.drainHandler(null);
        pump();
      });
      return;
    }
    GenerationPlan.Item item = plan.items().get(next++);
    CompletableFuture.supplyAsync(() -> GeneratedImage.newBuilder()
        .setEmotion(ProtoMapper.emotion(item.emotion()))
        .setPng(ByteString.copyFrom(PngCodec.encode(
            generator.generate(item.emotion(), new long[] {item.seed()}, plan.truncation()).get(0))))
        .setSeed(item.seed())
        .setIndex(item.index())
        .setGeneratorVersion(generator.versionId())
        .build(), blocking)
        .whenComplete((image, err) -> ctx.runOnContext(v -> {
          if (cancelled.get()) {
            release();
          } else if (err != null) {
            release();
            Calls.fail(response, err, "Generate");
          } else {
            try {
              response.write(image);
            } catch (IllegalStateException gone) {
              cancelled.set(true);
            }
            pump();
          }
        }));
  }

  private void release() {
    if (!closed) {
      closed = true;
      blocking.execute(generator::close);
    }
  }
}
