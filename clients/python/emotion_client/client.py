"""A small typed client for the emotion.v1 API, for robots and agents (ROS 2 nodes, scripts).

    from emotion_client import EmotionClient
    with EmotionClient("10.0.0.1:50051,10.0.0.2:50051", token="...") as client:
        result = client.classify("face.png")
        print(result.top.emotion, result.top.confidence)

Channels use the shipped client settings (deploy/client/service-config.json): round_robin over
every address given, client-side health checking on the readiness service, and retries of the
idempotent calls on UNAVAILABLE on another node.
"""

import json
import os
import socket
import time
from dataclasses import dataclass
from itertools import count
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

import grpc

from .stubs import EmotionServiceStub, ModelAdminStub, pb

#: Class names in score order (the Emotion enum without UNSPECIFIED; index i = enum number i + 1).
EMOTIONS = ("anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral")

_HERE = os.path.dirname(os.path.abspath(__file__))
_SERVICE_CONFIG_PATHS = (
    os.path.join(_HERE, "_gen", "service-config.json"),  # copied by build-stubs
    os.path.join(_HERE, "..", "..", "..", "deploy", "client", "service-config.json"),  # in the repository
)


class EmotionError(Exception):
    """A call failed with a gRPC status; ``code`` is a grpc.StatusCode, ``details`` the node's message."""

    def __init__(self, code: grpc.StatusCode, details: str):
        super().__init__("%s: %s" % (code.name, details))
        self.code = code
        self.details = details

    @staticmethod
    def of(error: grpc.RpcError) -> "EmotionError":
        return EmotionError(error.code(), error.details() or "")


@dataclass(frozen=True)
class RawFrame:
    """Uncompressed 8-bit pixels, row-major, channels interleaved: 1 = gray, 3 = RGB, 4 = RGBA."""
    pixels: bytes
    width: int
    height: int
    channels: int


#: What the helpers accept as an image: an encoded file's bytes (PNG, JPEG, BMP, GIF), a path to
#: one, a RawFrame, or a numpy uint8 array (H x W gray or H x W x 3 RGB; OpenCV frames are BGR,
#: convert them first).
ImageLike = Union[bytes, str, "os.PathLike[str]", RawFrame, object]


@dataclass(frozen=True)
class Face:
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class Prediction:
    emotion: str                 # top class, one of EMOTIONS
    confidence: float            # its probability
    scores: Dict[str, float]     # every class's probability
    face: Optional[Face]         # with detect_faces: where the face is; None = the whole image


@dataclass(frozen=True)
class Timing:
    decode_us: int
    queue_us: int
    compute_us: int
    total_us: int
    batch_size: int


@dataclass(frozen=True)
class Classification:
    predictions: List[Prediction]  # one for the whole image; with detect_faces one per face, largest first
    model_version: str
    node_id: str
    timing: Timing

    @property
    def top(self) -> Optional[Prediction]:
        return self.predictions[0] if self.predictions else None


@dataclass(frozen=True)
class FrameResult:
    """One ClassifyStream result: a classification, or the error for this frame only."""
    frame_id: int
    classification: Optional[Classification]
    error: Optional[EmotionError]

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class GeneratedFace:
    emotion: str
    png: bytes
    seed: int     # asking again with this emotion, this seed and count=1 returns the same image
    index: int
    generator_version: str


class EmotionClient:
    """A channel to one node or several, with typed helpers for Classify, ClassifyStream and Generate.

    targets: "host:port", "host:port,host:port" or a list of them (several addresses are spread
        round-robin), or any gRPC target ("dns:///emotion.example.org:50051", "ipv4:a:p,b:p").
    token: the bearer token (nodes need one unless started with --auth none).
    ca_file / cert_file / key_file: TLS: the CA that signed the nodes' certificates, and the
        client's own certificate and key for mutual TLS. tls=True uses the system roots.
    server_name: the name the nodes' certificates carry, when it differs from the address dialled
        (default with several addresses: the first host).
    service_config: a path or dict; default the shipped deploy/client/service-config.json.
    timeout: seconds per unary call (the service config's 10 s applies when None).
    """

    def __init__(self, targets: Union[str, Sequence[str]], *, token: Optional[str] = None,
                 tls: bool = False, ca_file: Optional[str] = None, cert_file: Optional[str] = None,
                 key_file: Optional[str] = None, server_name: Optional[str] = None,
                 service_config: Union[None, str, dict] = None, timeout: Optional[float] = 10.0,
                 options: Sequence[Tuple[str, object]] = ()):
        target, hosts = grpc_target(targets)
        opts = [("grpc.service_config", json.dumps(_service_config(service_config))),
                ("grpc.enable_retries", 1),
                ("grpc.max_receive_message_length", 32 * 1024 * 1024)]
        secure = tls or ca_file or cert_file
        if secure:
            if server_name is None and len(hosts) > 1:
                server_name = hosts[0]
            if server_name:
                opts.append(("grpc.ssl_target_name_override", server_name))
            credentials = grpc.ssl_channel_credentials(
                root_certificates=_read(ca_file), private_key=_read(key_file), certificate_chain=_read(cert_file))
            self.channel = grpc.secure_channel(target, credentials, options=opts + list(options))
        else:
            self.channel = grpc.insecure_channel(target, options=opts + list(options))
        self.target = target
        self.timeout = timeout
        self._metadata = (("authorization", "Bearer " + token),) if token else ()
        self.emotion = EmotionServiceStub(self.channel)
        self.admin = ModelAdminStub(self.channel)

    # ---- calls -----------------------------------------------------------------------------

    def classify(self, image: ImageLike, *, detect_faces: bool = False, model_version: str = "",
                 timeout: Optional[float] = None) -> Classification:
        """Classify one image. Raises EmotionError (e.g. INVALID_ARGUMENT for a bad image)."""
        request = pb.ClassifyRequest(image=to_image(image), model_version=model_version, detect_faces=detect_faces)
        try:
            return _classification(self.emotion.Classify(request, timeout=timeout or self.timeout,
                                                         metadata=self._metadata))
        except grpc.RpcError as e:
            raise EmotionError.of(e) from None

    def classify_stream(self, frames: Iterable[Union[ImageLike, Tuple[int, ImageLike]]], *,
                        detect_faces: bool = True, model_version: str = "",
                        timeout: Optional[float] = None) -> Iterator[FrameResult]:
        """Classify a camera feed: results come back in the order the frames were sent.

        frames: images, or (frame_id, image) pairs (ids are 0, 1, 2... otherwise). The iterable is
        read as the node accepts frames: a generator that grabs a camera frame on each step only
        grabs when the node has room (at most 32 frames in flight), so frames never pile up. A bad
        frame gives a FrameResult with an error; the stream goes on. Not retried by gRPC: on
        EmotionError(UNAVAILABLE) open a new stream and resend the frames without a result.
        """
        ids = count()

        def requests():
            for frame in frames:
                frame_id, image = frame if isinstance(frame, tuple) else (next(ids), frame)
                yield pb.StreamFrame(frame_id=frame_id, request=pb.ClassifyRequest(
                    image=to_image(image), model_version=model_version, detect_faces=detect_faces))

        call = self.emotion.ClassifyStream(requests(), timeout=timeout, metadata=self._metadata)
        try:
            for result in call:
                if result.HasField("error"):
                    yield FrameResult(result.frame_id, None,
                                      EmotionError(_status(result.error.code), result.error.message))
                else:
                    yield FrameResult(result.frame_id, _classification(result.response), None)
        except grpc.RpcError as e:
            raise EmotionError.of(e) from None
        finally:
            call.cancel()

    def generate(self, emotion: Optional[str] = None, *, count: int = 1, seed: int = 0,
                 truncation: float = 0.0, generator_version: str = "",
                 timeout: Optional[float] = None) -> Iterator[GeneratedFace]:
        """Synthetic faces from a generator version: count per emotion (all seven when emotion is None)."""
        request = pb.GenerateRequest(generator_version=generator_version, count=count, seed=seed,
                                     truncation=truncation,
                                     emotion=EMOTIONS.index(emotion.lower()) + 1 if emotion else 0)
        try:
            for image in self.emotion.Generate(request, timeout=timeout or self.timeout, metadata=self._metadata):
                yield GeneratedFace(_emotion_name(image.emotion), image.png, image.seed, image.index,
                                    image.generator_version)
        except grpc.RpcError as e:
            raise EmotionError.of(e) from None

    def ready(self, timeout: float = 5.0) -> bool:
        """True when a node serves a warm production model (grpc.health.v1 on emotion.v1.EmotionService)."""
        check = self.channel.unary_unary("/grpc.health.v1.Health/Check",
                                          request_serializer=_health_request,
                                          response_deserializer=_health_status)
        try:
            return check("emotion.v1.EmotionService", timeout=timeout) == 1  # SERVING
        except grpc.RpcError:
            return False

    def wait_ready(self, timeout: float = 300.0) -> None:
        """Waits until ready() (a freshly bootstrapping node trains its first model for minutes)."""
        deadline = time.monotonic() + timeout
        while not self.ready(timeout=min(5.0, max(0.1, deadline - time.monotonic()))):
            if time.monotonic() >= deadline:
                raise EmotionError(grpc.StatusCode.DEADLINE_EXCEEDED,
                                   "no node of %s became ready within %.0f s" % (self.target, timeout))
            time.sleep(0.5)

    def close(self) -> None:
        self.channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# ---- helpers ---------------------------------------------------------------------------------

def grpc_target(targets: Union[str, Sequence[str]]) -> Tuple[str, List[str]]:
    """The gRPC target for one address or several, and the host names given.

    Several "host:port" addresses become a static "ipv4:" list (grpc-core's way to spread calls over
    fixed nodes); host names are resolved once, here.
    """
    if isinstance(targets, str):
        if ":///" in targets or targets.startswith(("ipv4:", "ipv6:", "unix:", "dns:")):
            return targets, []
        targets = [t for t in (s.strip() for s in targets.split(",")) if t]
    if not targets:
        raise ValueError("no node address given")
    hosts = [t.rsplit(":", 1)[0] for t in targets]
    if len(targets) == 1:
        return targets[0], hosts
    addresses = []
    for target in targets:
        host, _, port = target.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError("'%s' is not host:port" % target)
        try:
            ip = socket.getaddrinfo(host, int(port), socket.AF_INET, socket.SOCK_STREAM)[0][4][0]
        except socket.gaierror as e:
            raise ValueError("cannot resolve %s: %s" % (host, e)) from None
        addresses.append("%s:%s" % (ip, port))
    return "ipv4:" + ",".join(addresses), hosts


def to_image(image: ImageLike) -> "pb.Image":
    if isinstance(image, (bytes, bytearray, memoryview)):
        return pb.Image(encoded=bytes(image))
    if isinstance(image, RawFrame):
        return pb.Image(raw=pb.RawImage(pixels=image.pixels, width=image.width, height=image.height,
                                        channels=image.channels))
    if isinstance(image, (str, os.PathLike)):
        with open(image, "rb") as f:
            return pb.Image(encoded=f.read())
    shape = getattr(image, "shape", None)  # a numpy array, without importing numpy
    if shape is not None and len(shape) in (2, 3) and str(getattr(image, "dtype", "")) == "uint8":
        channels = 1 if len(shape) == 2 else shape[2]
        return pb.Image(raw=pb.RawImage(pixels=image.tobytes(), width=shape[1], height=shape[0], channels=channels))
    raise TypeError("not an image: %r (give encoded bytes, a path, a RawFrame or a uint8 array)" % type(image))


def _service_config(given: Union[None, str, dict]) -> dict:
    if isinstance(given, dict):
        return given
    for path in ([given] if given else _SERVICE_CONFIG_PATHS):
        if os.path.exists(path):
            with open(path) as f:
                return json.load(f)
    raise FileNotFoundError("service config not found (%s); run clients/python/build-stubs"
                            % ", ".join(_SERVICE_CONFIG_PATHS))


def _read(path: Optional[str]) -> Optional[bytes]:
    if not path:
        return None
    with open(path, "rb") as f:
        return f.read()


def _emotion_name(number: int) -> str:
    return EMOTIONS[number - 1] if 1 <= number <= len(EMOTIONS) else "unspecified"


def _status(code: int) -> grpc.StatusCode:
    for status in grpc.StatusCode:
        if status.value[0] == code:
            return status
    return grpc.StatusCode.UNKNOWN


def _classification(response) -> Classification:
    predictions = []
    for p in response.predictions:
        face = Face(p.face.x, p.face.y, p.face.width, p.face.height) if p.HasField("face") else None
        predictions.append(Prediction(_emotion_name(p.emotion), p.confidence,
                                      dict(zip(EMOTIONS, p.scores)), face))
    t = response.timing
    return Classification(predictions, response.model_version, response.node_id,
                          Timing(t.decode_us, t.queue_us, t.compute_us, t.total_us, t.batch_size))


def _health_request(service: str) -> bytes:
    """grpc.health.v1.HealthCheckRequest{service}: field 1, length-delimited (no extra package needed)."""
    name = service.encode()
    return b"\x0a" + _varint(len(name)) + name


def _health_status(data: bytes) -> int:
    """grpc.health.v1.HealthCheckResponse.status (field 1, varint); 0 when absent."""
    if len(data) >= 2 and data[0] == 0x08:
        return data[1]
    return 0


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)
