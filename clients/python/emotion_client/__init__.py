"""Python client for the emotion.v1 API (see clients/python/README.md)."""

from .client import (EMOTIONS, Classification, EmotionClient, EmotionError, Face, FrameResult,
                     GeneratedFace, Prediction, RawFrame, Timing, grpc_target)

__all__ = ["EMOTIONS", "Classification", "EmotionClient", "EmotionError", "Face", "FrameResult",
           "GeneratedFace", "Prediction", "RawFrame", "Timing", "grpc_target"]
