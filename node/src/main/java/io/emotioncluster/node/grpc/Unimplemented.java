package io.emotioncluster.node.grpc;

import com.google.protobuf.Descriptors;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.ServiceBuilder;
import java.util.Map;

/** Answers the contract's not-yet-built methods with UNIMPLEMENTED and a message that says why. */
final class Unimplemented {

  private Unimplemented() {}

  static void bindRest(ServiceBuilder builder, ServiceName service, Descriptors.ServiceDescriptor descriptor,
      Map<String, String> reasons) {
    for (Descriptors.MethodDescriptor m : descriptor.getMethods()) {
      String reason = reasons.get(m.getName());
      if (reason == null) {
        continue;
      }
      ServiceMethod<Buffer, Buffer> method = ServiceMethod.server(service, m.getName(),
          GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
      builder.bind(method, request -> {
        request.handler(ignored -> { });
        request.endHandler(v -> Calls.fail(request.response(), new GrpcErrors.Failure(
            GrpcStatus.UNIMPLEMENTED, service.fullyQualifiedName() + "." + m.getName() + " is not available on this "
                + "node version yet: " + reason)));
      });
    }
  }
}
