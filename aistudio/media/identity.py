"""Face identity (dlib's ResNet descriptor, models from the face-recognition-models package).

Used to flag a source photo that shows a different person from the model's other sources.
dlib's 5-point landmark model and the ResNet are used (the 68-point model is not, its license
is not for commercial use). Same person: distance < 0.6 (about 0.2 on different photos).
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from aistudio.core.errors import ConfigError
from aistudio.media.faces import Face, Image

_models: tuple[Any, Any] | None = None
_lock = threading.Lock()


def _load() -> tuple[Any, Any]:
    global _models
    with _lock:  # the models load once, lazily, under a lock
        if _models is None:
            import dlib

            spec = importlib.util.find_spec("face_recognition_models")
            if spec is None or not spec.submodule_search_locations:
                raise ConfigError("face identity needs the face-recognition-models package")
            # Found without importing the package: its __init__ needs pkg_resources.
            root = Path(next(iter(spec.submodule_search_locations))) / "models"
            _models = (
                dlib.shape_predictor(str(root / "shape_predictor_5_face_landmarks.dat")),
                dlib.face_recognition_model_v1(
                    str(root / "dlib_face_recognition_resnet_model_v1.dat")
                ),
            )
        return _models


def descriptor(image: Image, face: Face) -> list[float]:
    """The 128-d identity descriptor of one face in a BGR image."""
    import dlib

    predictor, resnet = _load()
    x0, y0, x1, y1 = int(face.x), int(face.y), int(face.x + face.w), int(face.y + face.h)
    # dlib reads only the face and the aligned chip around it (a quarter of the face as padding):
    # a crop of the face plus its own size on every side gives the same descriptor, without
    # copying a whole 4 MP image into RGB first.
    h, w = image.shape[:2]
    cx, cy = max(0, x0 - (x1 - x0)), max(0, y0 - (y1 - y0))
    crop = image[cy : min(h, y1 + (y1 - y0)), cx : min(w, x1 + (x1 - x0))]
    rgb = np.ascontiguousarray(crop[:, :, ::-1])
    box = dlib.rectangle(x0 - cx, y0 - cy, x1 - cx, y1 - cy)
    return [float(v) for v in resnet.compute_face_descriptor(rgb, predictor(rgb, box))]


def distance_to(candidate: Sequence[float], others: Sequence[Sequence[float]]) -> float | None:
    """Distance from a descriptor to the mean of the others (None when there are none)."""
    if not others:
        return None
    centre = np.mean(np.asarray(others, dtype=np.float64), axis=0)
    return float(np.linalg.norm(np.asarray(candidate, dtype=np.float64) - centre))
