"""Which checkpoint is best: its samples scored for the persona's identity against held-out
reference photos (the studio's face descriptor), and for drift towards the training images."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel

from aistudio.dataset.scores import main_face
from aistudio.media.faces import FaceDetector, Image
from aistudio.media.identity import descriptor

Descriptor = list[float]


class Scores(BaseModel):
    """A checkpoint's samples, measured."""

    face_rate: float  # share of samples with a detected face
    identity: float | None  # mean similarity (1 - descriptor distance) to the references
    train_likeness: float | None  # the same, to the training images
    drift: float | None  # train_likeness - identity: copying the training photos, not the person
    score: float  # face_rate x identity: what picks the best step

    def as_metrics(self) -> dict[str, float | None]:
        """The scores as a version's metrics record them."""
        return self.model_dump()


def descriptors(
    images: Sequence[Image], detector: FaceDetector, min_score: float
) -> list[Descriptor | None]:
    """Each image's main face descriptor (None: no face)."""
    out: list[Descriptor | None] = []
    for image in images:
        faces = [f for f in detector.detect(image) if f.score >= min_score]
        out.append(descriptor(image, main_face(faces)) if faces else None)
    return out


def _similarity(found: Sequence[Descriptor], others: Sequence[Descriptor]) -> float | None:
    """Mean over `found` of 1 - distance to the centre of `others`."""
    if not found or not others:
        return None
    centre = np.mean(np.asarray(others, np.float64), axis=0)
    dist = np.linalg.norm(np.asarray(found, np.float64) - centre, axis=1)
    return float(np.mean(1.0 - dist))


def score_samples(
    samples: Sequence[Descriptor | None],
    references: Sequence[Descriptor],
    training: Sequence[Descriptor],
) -> Scores:
    """Identity and drift of one checkpoint's samples (their descriptors, None: no face)."""
    found = [d for d in samples if d is not None]
    rate = len(found) / len(samples) if samples else 0.0
    identity = _similarity(found, references)
    likeness = _similarity(found, training)
    drift = likeness - identity if likeness is not None and identity is not None else None
    return Scores(
        face_rate=rate,
        identity=identity,
        train_likeness=likeness,
        drift=drift,
        score=rate * max(identity or 0.0, 0.0),
    )


def bleed(samples: Sequence[Descriptor | None], references: Sequence[Descriptor]) -> float | None:
    """How much the samples of prompts without the trigger look like the person (their mean
    similarity to the references; None: no face in them)."""
    return _similarity([d for d in samples if d is not None], references)


def best_step(metrics: dict[str, dict[str, float | None]]) -> int:
    """The checkpoint with the highest score; among equals (no faces anywhere included), the
    last one."""
    steps = sorted(int(s) for s in metrics)
    return max(steps, key=lambda s: (metrics[str(s)].get("score") or 0.0, s))
