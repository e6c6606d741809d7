#!/usr/bin/env python3
"""End-to-end checks of emotion_client against a running node (driven by PythonClientTest in CI).

    tests/e2e_check.py --node ADDR[,ADDR] --token T --ca ca.pem --face face.png --photos DIR

Every check calls the node for real; the script exits 1 on the first failure with what it saw, and
prints one "ok" line per check.
"""

import argparse
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import grpc  # noqa: E402

from emotion_client import EMOTIONS, EmotionClient, EmotionError, RawFrame  # noqa: E402


CHECKS = [0]


def check(condition, what, seen=None):
    CHECKS[0] += 1
    if not condition:
        print("FAILED: %s%s" % (what, "" if seen is None else " (saw %r)" % (seen,)), flush=True)
        sys.exit(1)
    print("ok: %s" % what, flush=True)


def expect_error(call, code, what):
    try:
        result = call()
        if hasattr(result, "__next__"):
            list(result)
    except EmotionError as e:
        check(e.code == code, what, e)
        return e
    check(False, what, "no error")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--node", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--tls-node", help="a TLS node without a model (same tokens)")
    parser.add_argument("--ca", help="the CA of --tls-node's certificate")
    parser.add_argument("--face", required=True, help="a tightly cropped face (PNG)")
    parser.add_argument("--photos", required=True, help="a folder of photos with faces")
    parser.add_argument("--expect-generator", action="store_true")
    args = parser.parse_args()

    client = EmotionClient(args.node, token=args.token)
    print("channel target: %s (grpcio %s)" % (client.target, grpc.__version__), flush=True)
    client.wait_ready(timeout=60)
    check(client.ready(), "health: the node reports a warm production model")

    # Classify: an encoded file, the same pixels raw, a bad image, no token
    with open(args.face, "rb") as f:
        png = f.read()
    nodes = set()
    for _ in range(4):  # several calls over the address list: every one must succeed
        c = client.classify(png)
        nodes.add(c.node_id)
    check(len(c.predictions) == 1 and c.top.face is None, "Classify: one prediction for the whole image", c)
    check(set(c.top.scores) == set(EMOTIONS) and math.isclose(sum(c.top.scores.values()), 1.0, abs_tol=1e-3),
          "Classify: 7 scores summing to 1", c.top.scores)
    check(c.top.emotion in EMOTIONS and c.top.confidence == max(c.top.scores.values()),
          "Classify: the top class is the highest score", c.top)
    check(c.model_version != "" and c.node_id != "" and c.timing.total_us > 0 and c.timing.batch_size >= 1,
          "Classify: version, node and server timing", c)

    gray = bytes((x * 5 + y * 3) % 256 for y in range(48) for x in range(48))
    raw = client.classify(RawFrame(gray, 48, 48, 1))
    check(len(raw.predictions) == 1, "Classify: raw gray pixels", raw)

    expect_error(lambda: client.classify(b"not an image"), grpc.StatusCode.INVALID_ARGUMENT,
                 "Classify: undecodable bytes are INVALID_ARGUMENT")
    anonymous = EmotionClient(args.node)
    expect_error(lambda: anonymous.classify(png), grpc.StatusCode.UNAUTHENTICATED,
                 "Classify without a token is UNAUTHENTICATED")
    anonymous.close()

    # ClassifyStream with detect_faces: photos, a bad frame in the middle, order kept
    photos = sorted(os.path.join(args.photos, n) for n in os.listdir(args.photos) if n.endswith((".jpg", ".png")))
    frames = [(10, photos[0]), (11, b"garbage"), (12, photos[-1]), (13, photos[0])]
    results = list(client.classify_stream(frames, detect_faces=True, timeout=120))
    check([r.frame_id for r in results] == [10, 11, 12, 13], "ClassifyStream: results in frame order",
          [r.frame_id for r in results])
    check(not results[1].ok and results[1].error.code == grpc.StatusCode.INVALID_ARGUMENT,
          "ClassifyStream: a bad frame gets its own INVALID_ARGUMENT and the stream goes on", results[1])
    for r in (results[0], results[2], results[3]):
        check(r.ok and len(r.classification.predictions) >= 1 and r.classification.top.face is not None
              and r.classification.top.face.width > 0,
              "ClassifyStream: frame %d: faces found, each with a box" % r.frame_id, r)
    first, again = results[0].classification.predictions, results[3].classification.predictions
    check([p.face for p in first] == [p.face for p in again]
          and all(abs(a.scores[e] - b.scores[e]) < 1e-3 for a, b in zip(first, again) for e in EMOTIONS),
          "ClassifyStream: the same photo gives the same faces and scores", (first, again))

    # Generate
    if args.expect_generator:
        faces = list(client.generate("happiness", count=3, seed=42))
        check(len(faces) == 3 and all(f.emotion == "happiness" and f.png[:8] == b"\x89PNG\r\n\x1a\n" for f in faces),
              "Generate: 3 PNG faces of the asked emotion", [(f.emotion, f.png[:8]) for f in faces])
        again = list(client.generate("happiness", count=1, seed=faces[1].seed))
        check(again[0].png == faces[1].png, "Generate: an image's seed regenerates it exactly")
        expect_error(lambda: client.generate(count=1000), grpc.StatusCode.INVALID_ARGUMENT,
                     "Generate: a count over the limit is INVALID_ARGUMENT")
    else:
        expect_error(lambda: client.generate(), grpc.StatusCode.FAILED_PRECONDITION,
                     "Generate without a production generator is FAILED_PRECONDITION")

    client.close()

    # TLS: with the CA, the call reaches the service (the node has no model yet: FAILED_PRECONDITION);
    # with the system's roots the handshake fails (UNAVAILABLE). No service config here: its health
    # checking would (rightly) hold calls back from a node that is not ready.
    if args.tls_node:
        with EmotionClient(args.tls_node, token=args.token, ca_file=args.ca, service_config={}) as tls:
            e = expect_error(lambda: tls.classify(png, timeout=20), grpc.StatusCode.FAILED_PRECONDITION,
                             "TLS with the nodes' CA and a token reaches the service")
            check("no production classifier" in e.details, "TLS: the node's own message comes back", e.details)
        with EmotionClient(args.tls_node, token=args.token, tls=True, service_config={}) as untrusted:
            expect_error(lambda: untrusted.classify(png, timeout=5), grpc.StatusCode.UNAVAILABLE,
                         "TLS with a CA that did not sign the node's certificate fails the handshake")

    print("E2E OK: %d checks passed against %s" % (CHECKS[0], args.node), flush=True)


if __name__ == "__main__":
    main()
