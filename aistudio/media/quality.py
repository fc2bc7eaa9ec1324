"""Quality gates for sources, targets and results: resolution, faces, file size."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from aistudio.core.config import Thresholds
from aistudio.core.errors import ImageRejected
from aistudio.media.faces import Face, FaceDetector, Image
from aistudio.media.images import encode_jpeg_within

Role = Literal["source", "target", "result"]


@dataclass(frozen=True)
class CheckedImage:
    """An image that passed every gate, with its faces (largest first) and its JPEG encoding."""

    image: Image
    jpeg: bytes
    faces: tuple[Face, ...]
    width: int
    height: int


def check_resolution(image: Image, name: str, thresholds: Thresholds) -> None:
    """Reject an image whose shortest side is below thresholds.min_side."""
    height, width = image.shape[:2]
    if min(height, width) < thresholds.min_side:
        raise ImageRejected(
            name,
            "min-side",
            f"{width}x{height} px; the shortest side must be at least {thresholds.min_side} px, "
            "use a larger photo",
        )


def check_faces(
    faces: Sequence[Face], name: str, role: Role, thresholds: Thresholds
) -> tuple[Face, ...]:
    """The confident faces, largest first (a source: its one main face), or ImageRejected."""
    kept = sorted(
        (f for f in faces if f.score >= thresholds.min_face_score),
        key=lambda f: f.area,
        reverse=True,
    )
    if not kept:
        raise ImageRejected(
            name,
            "face",
            f"no face found (detector score >= {thresholds.min_face_score}); "
            "use a photo with a clear, unobstructed face",
        )
    if role != "source":
        return tuple(kept)
    # Small background faces are harmless; a second face of comparable size makes it ambiguous
    # whose identity the swap would learn.
    main = kept[0]
    if len(kept) > 1 and kept[1].area >= thresholds.second_face_ratio * main.area:
        raise ImageRejected(
            name,
            "one-face",
            f"{len(kept)} faces found; a source photo needs exactly one main face, "
            "crop the others out",
        )
    return (main,)


def check_image(
    image: Image, name: str, role: Role, thresholds: Thresholds, detector: FaceDetector
) -> CheckedImage:
    """Run every gate, cheapest first: resolution, faces, then the JPEG size limit."""
    check_resolution(image, name, thresholds)
    faces = check_faces(detector.detect(image), name, role, thresholds)
    jpeg = encode_jpeg_within(image, thresholds.max_bytes, name)
    height, width = image.shape[:2]
    return CheckedImage(image=image, jpeg=jpeg, faces=faces, width=width, height=height)
