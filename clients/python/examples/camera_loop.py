#!/usr/bin/env python3
"""Streams frames from a folder of images or a webcam to the cluster and prints each face's emotion.

    examples/camera_loop.py --node 127.0.0.1:50051 --folder data/samples
    examples/camera_loop.py --node 10.0.0.1:50051,10.0.0.2:50051 --token "$EMOTION_TOKEN" \\
        --ca certs/ca.pem --camera 0            # webcam /dev/video0 (needs OpenCV: python3-opencv)

One ClassifyStream with detect_faces: the node finds the faces in each frame and classifies each
one; results come back in frame order. Frames are read only as fast as the node takes them, so a
slow network or a busy node lowers the frame rate instead of queueing stale frames.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from emotion_client import EmotionClient, EmotionError  # noqa: E402

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")


def folder_frames(folder, loops):
    """(frame_id, bytes) for every image of the folder, in name order, `loops` times."""
    names = sorted(n for n in os.listdir(folder) if n.lower().endswith(IMAGE_SUFFIXES))
    if not names:
        raise SystemExit("no images (%s) in %s" % (", ".join(IMAGE_SUFFIXES), folder))
    frame_id = 0
    for _ in range(loops):
        for name in names:
            with open(os.path.join(folder, name), "rb") as f:
                yield frame_id, f.read(), name
            frame_id += 1


def camera_frames(device, max_frames):
    """(frame_id, JPEG bytes) from a webcam; JPEG keeps a 640x480 frame near 30 KB on the wire."""
    try:
        import cv2
    except ImportError:
        raise SystemExit("--camera needs OpenCV for Python (Debian: apt-get install python3-opencv)")
    capture = cv2.VideoCapture(int(device) if str(device).isdigit() else device)
    if not capture.isOpened():
        raise SystemExit("cannot open camera %s" % device)
    try:
        frame_id = 0
        while max_frames <= 0 or frame_id < max_frames:
            ok, frame = capture.read()
            if not ok:
                break
            ok, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 85])
            if ok:
                yield frame_id, jpeg.tobytes(), "camera"
                frame_id += 1
    finally:
        capture.release()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--node", default=os.environ.get("EMOTION_NODE", "127.0.0.1:50051"),
                        help="host:port, or several separated by commas (env EMOTION_NODE)")
    parser.add_argument("--token", default=os.environ.get("EMOTION_TOKEN"), help="bearer token (env EMOTION_TOKEN)")
    parser.add_argument("--ca", help="CA certificate (PEM) of the nodes: turns TLS on")
    parser.add_argument("--cert", help="client certificate (PEM), for mutual TLS")
    parser.add_argument("--key", help="client key (PEM), for mutual TLS")
    parser.add_argument("--server-name", help="name in the nodes' certificates, if not the address dialled")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--folder", help="stream the images of this folder")
    source.add_argument("--camera", help="stream this webcam (0 = /dev/video0, or a device path)")
    parser.add_argument("--loops", type=int, default=1, help="times through the folder")
    parser.add_argument("--frames", type=int, default=0, help="stop the camera after N frames (0 = never)")
    parser.add_argument("--model-version", default="",
                        help="classifier version (default: production; e.g. the imported face-api model for photos)")
    parser.add_argument("--whole-image", action="store_true",
                        help="classify each frame as one face (tight crops) instead of detecting faces")
    args = parser.parse_args()

    frames = folder_frames(args.folder, args.loops) if args.folder else camera_frames(args.camera, args.frames)
    names = {}

    def sent():
        for frame_id, data, name in frames:
            names[frame_id] = name
            yield frame_id, data

    client = EmotionClient(args.node, token=args.token, ca_file=args.ca, cert_file=args.cert,
                           key_file=args.key, server_name=args.server_name)
    start, seen, failed = time.monotonic(), 0, 0
    try:
        for result in client.classify_stream(sent(), detect_faces=not args.whole_image,
                                             model_version=args.model_version):
            seen += 1
            name = names.pop(result.frame_id, "")
            if not result.ok:
                failed += 1
                print("frame %d %s: %s" % (result.frame_id, name, result.error), flush=True)
                continue
            c = result.classification
            faces = ", ".join(
                "%s %.2f%s" % (p.emotion, p.confidence,
                               " at %d,%d %dx%d" % (p.face.x, p.face.y, p.face.width, p.face.height) if p.face else "")
                for p in c.predictions) or "no face"
            print("frame %d %s: %s (%s on %s, %.1f ms on the node)" % (
                result.frame_id, name, faces, c.model_version, c.node_id, c.timing.total_us / 1000), flush=True)
    except EmotionError as e:
        print("stream ended: %s" % e, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        client.close()
    elapsed = time.monotonic() - start
    print("%d frames in %.1f s (%.1f frames/s), %d with an error" % (seen, elapsed, seen / max(elapsed, 1e-9), failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
