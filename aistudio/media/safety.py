"""Content classification of targets with NudeNet (its bundled ONNX model runs offline)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aistudio.media.faces import Image

# NudeNet 3.4 labels that make an image explicit (covered and face labels do not).
EXPLICIT = frozenset(
    {
        "FEMALE_GENITALIA_EXPOSED",
        "MALE_GENITALIA_EXPOSED",
        "FEMALE_BREAST_EXPOSED",
        "ANUS_EXPOSED",
        "BUTTOCKS_EXPOSED",
    }
)

_detector: Any = None
_lock = threading.Lock()


@dataclass(frozen=True)
class Classification:
    """What the classifier saw: labels with scores, and whether any is explicit."""

    labels: tuple[tuple[str, float], ...]
    explicit: bool

    def to_json_list(self) -> list[dict[str, object]]:
        """Stored with the photo."""
        return [{"label": name, "score": round(score, 3)} for name, score in self.labels]


def _nudenet() -> Any:
    global _detector
    with _lock:  # the ONNX session is built once, lazily
        if _detector is None:
            from nudenet import NudeDetector

            _detector = NudeDetector()
        return _detector


def classify(image: Image, threshold: float = 0.5) -> Classification:
    """Labels of a BGR image; explicit when an exposed-body label scores >= threshold."""
    found = _nudenet().detect(image)
    labels = tuple(
        sorted(((str(d["class"]), float(d["score"])) for d in found), key=lambda item: -item[1])
    )
    return Classification(labels=labels, explicit=explicit_at(labels, threshold))


def explicit_at(labels: Iterable[tuple[str, float]], threshold: float) -> bool:
    """Whether stored (label, score) pairs make an image explicit at this threshold."""
    return any(name in EXPLICIT and score >= threshold for name, score in labels)


def stored_labels(labels_json: str) -> list[tuple[str, float]]:
    """(label, score) pairs from a photo's labels_json."""
    return [(str(d["label"]), float(d["score"])) for d in json.loads(labels_json or "[]")]
