"""Service stubs for emotion.v1, built from the descriptors protoc generated (see build-stubs).

grpcio's own stub generator (grpc_python_plugin / grpcio-tools) is not needed: every method's
name, request and response types and streaming kind are in the generated descriptor, so the
stubs always match proto/ exactly.
"""

try:
    from ._gen.emotion.v1 import emotion_pb2 as pb
except ImportError as e:  # pragma: no cover - a clear message instead of a bare ImportError
    raise ImportError(
        "emotion_client: generated messages missing; run clients/python/build-stubs "
        "(needs protoc: Debian protobuf-compiler)") from e

from google.protobuf import symbol_database

_DB = symbol_database.Default()


def _message_class(descriptor):
    return _DB.GetSymbol(descriptor.full_name)


class _Stub:
    """One callable per RPC of a service, named as in the proto (Classify, ClassifyStream, ...)."""

    def __init__(self, channel, service_name):
        service = pb.DESCRIPTOR.services_by_name[service_name]
        for method in service.methods:
            request = _message_class(method.input_type)
            response = _message_class(method.output_type)
            path = "/%s/%s" % (service.full_name, method.name)
            if method.client_streaming and method.server_streaming:
                factory = channel.stream_stream
            elif method.client_streaming:
                factory = channel.stream_unary
            elif method.server_streaming:
                factory = channel.unary_stream
            else:
                factory = channel.unary_unary
            setattr(self, method.name, factory(path, request_serializer=request.SerializeToString,
                                               response_deserializer=response.FromString))


class EmotionServiceStub(_Stub):
    def __init__(self, channel):
        super().__init__(channel, "EmotionService")


class ModelAdminStub(_Stub):
    def __init__(self, channel):
        super().__init__(channel, "ModelAdmin")
