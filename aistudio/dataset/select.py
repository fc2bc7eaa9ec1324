"""Choosing the training images: rules first, then no near-duplicates, then quality with variety."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from aistudio.core.config import DatasetRules, Thresholds
from aistudio.dataset.scores import ImageScores, exclusion
from aistudio.media.measures import hamming

SAME_FACE = 0.04  # descriptor distance of one photo re-encoded: a re-crop keeps the face exact


@dataclass(frozen=True)
class Candidate:
    """An image the dataset may use: a stable key (its stored path) and its scores."""

    key: str
    scores: ImageScores


@dataclass
class Selection:
    """Chosen images, best first, and the rest with their reason and a detail."""

    included: list[Candidate] = field(default_factory=list)
    excluded: list[tuple[Candidate, str, str]] = field(default_factory=list)


def quality(s: ImageScores) -> float:
    """0-1: a sharp, confident, well-exposed face in a clean image (BRISQUE), and a beautiful
    one (CLIP); an unmeasured score counts as middling."""
    sharp = min((s.sharpness or 0.0) / 40.0, 1.0)
    exposed = 1.0 - min(abs(s.brightness - 120.0) / 120.0, 1.0)
    beauty = s.aesthetic if s.aesthetic is not None else 0.5
    clean = 1.0 - min(max(s.brisque, 0.0), 100.0) / 100.0 if s.brisque is not None else 0.5
    return (
        0.35 * sharp + 0.2 * (s.face_score or 0.0) + 0.15 * exposed + 0.15 * beauty + 0.15 * clean
    )


def _features(s: ImageScores) -> np.ndarray:
    """Where an image sits in pose, framing and lighting, each axis scaled to about 0-1."""
    return np.array(
        [
            (s.yaw or 0.0) / 45.0,
            (s.pitch or 0.0) / 30.0,
            (s.roll or 0.0) / 20.0,
            math.log10(max(s.face_fraction or 1e-4, 1e-4)) / 2.0,  # close-up vs full body
            s.brightness / 128.0,
            s.contrast / 64.0,
        ]
    )


def _duplicate_of(c: Candidate, kept: Sequence[Candidate], rules: DatasetRules) -> str | None:
    for k in kept:
        bits = hamming(c.scores.phash_int, k.scores.phash_int)
        if bits <= rules.duplicate_bits:
            return f"near-duplicate of {k.key} (pHash {bits} bits apart)"
        a, b = c.scores.descriptor, k.scores.descriptor
        # A harder re-crop moves the hash further, but leaves the very same face.
        if a and b and bits <= 2 * rules.duplicate_bits:
            gap = float(np.linalg.norm(np.asarray(a) - np.asarray(b)))
            if gap < SAME_FACE:
                return f"near-duplicate of {k.key} (same face, pHash {bits} bits apart)"
    return None


def choose(
    candidates: Sequence[Candidate],
    rules: DatasetRules,
    thresholds: Thresholds,
    *,
    allow_explicit: bool,
    max_images: int | None = None,
) -> Selection:
    """Apply the rules, drop near-duplicates (keeping the better one), then pick up to max_images
    that balance quality and variety (greedy: each next image adds most quality plus distance)."""
    out = Selection()
    passing: list[Candidate] = []
    for c in candidates:
        failed = exclusion(c.scores, rules, thresholds, allow_explicit=allow_explicit)
        if failed:
            out.excluded.append((c, *failed))
        else:
            passing.append(c)
    # Best first, then by key: the same inputs always give the same choice.
    passing.sort(key=lambda c: (-quality(c.scores), c.key))
    unique: list[Candidate] = []
    for c in passing:
        dup = _duplicate_of(c, unique, rules)
        if dup:
            out.excluded.append((c, "duplicate", dup))
        else:
            unique.append(c)
    limit = max_images or rules.max_images
    if not unique:
        return out
    feats = {c.key: _features(c.scores) for c in unique}
    chosen = [unique[0]]
    rest = unique[1:]
    while rest and len(chosen) < limit:

        def gain(c: Candidate) -> float:
            spread = min(float(np.linalg.norm(feats[c.key] - feats[k.key])) for k in chosen)
            return quality(c.scores) + min(spread, 1.0)

        best = max(rest, key=lambda c: (gain(c), c.key))
        chosen.append(best)
        rest.remove(best)
    out.included = chosen
    for c in rest:
        out.excluded.append(
            (c, "quality", f"ranked below the {limit} chosen for quality and variety")
        )
    return out
