"""One training-image candidate's scores: what the selection and the report read."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from aistudio.core.config import DatasetRules, Thresholds
from aistudio.media import brisque, measures
from aistudio.media.brisque import BrisqueModel
from aistudio.media.faces import Face, FaceDetector, Image
from aistudio.media.identity import descriptor, distance_to

# The reasons an image is left out, in the order they are checked (cheapest and surest first).
REASONS = (
    "no_face",
    "resolution",
    "face_too_small",
    "exposure",
    "blur",
    "identity",
    "nsfw_scope",
    "aesthetic",
    "quality",
    "duplicate",
)


class ImageScores(BaseModel):
    """Everything measured on one image (None where it could not be measured)."""

    width: int
    height: int
    face_score: float | None = None
    face_fraction: float | None = None  # face box area / image area
    face_box: tuple[float, float, float, float] | None = None  # x, y, w, h
    sharpness: float | None = None  # Laplacian variance of the face at 256 px
    highlights: float
    shadows: float
    brightness: float
    contrast: float
    yaw: float | None = None
    pitch: float | None = None
    roll: float | None = None
    identity_distance: float | None = None  # to the centre of the reference sources
    descriptor: list[float] | None = None
    phash: str  # 16 hex digits
    explicit: bool = False  # judged again at each build's threshold from label_scores
    labels: list[str] = []
    label_scores: list[tuple[str, float]] = []  # the classifier's labels with their scores
    brisque: float | None = None  # lower is better, about 0-100
    aesthetic: float | None = None  # the CLIP beauty score, 0-1
    aesthetic_model: str | None = None  # the scorer that gave it (a changed one scores again)

    @property
    def phash_int(self) -> int:
        """The perceptual hash as a number."""
        return int(self.phash, 16)


def main_face(faces: Sequence[Face]) -> Face:
    """The largest face among those nearly as confident as the best one: a big, weak false
    detection (a helmet, a poster) must not stand for the person."""
    best = max(f.score for f in faces)
    return max((f for f in faces if f.score >= best - 0.15), key=lambda f: f.area)


def score_image(
    image: Image,
    *,
    detector: FaceDetector,
    min_face_score: float,
    references: Sequence[Sequence[float]],
    explicit: bool = False,
    labels: Sequence[tuple[str, float]] = (),
    brisque_model: BrisqueModel | None = None,
    work: tuple[Image, float] | None = None,
) -> ImageScores:
    """Measure an image: its main face (sharpness, size, pose, identity), exposure, pHash and
    BRISQUE (when a model is given). work is the detector's working copy when already made."""
    h, w = image.shape[:2]
    # Detection, exposure, pHash and BRISQUE read no finer than the detector's size, so they
    # share its copy; the face's sharpness and identity are read from the full image.
    small, k = work or detector.working_copy(image)
    exp = measures.exposure(small)
    scores = ImageScores(
        width=w,
        height=h,
        highlights=exp.highlights,
        shadows=exp.shadows,
        brightness=exp.brightness,
        contrast=exp.contrast,
        phash=f"{measures.phash(small):016x}",
        explicit=explicit,
        labels=[name for name, _ in labels],
        label_scores=list(labels),
        brisque=brisque.score(small, brisque_model) if brisque_model else None,
    )
    faces = [f.scaled(k) for f in detector.detect(small) if f.score >= min_face_score]
    if not faces:
        return scores
    face: Face = main_face(faces)
    pose = measures.head_pose(face)
    desc = descriptor(image, face)
    scores.face_score = face.score
    scores.face_fraction = face.area / float(w * h)
    scores.face_box = (face.x, face.y, face.w, face.h)
    scores.sharpness = measures.sharpness(image, face)
    if pose is not None:
        scores.yaw, scores.pitch, scores.roll = pose.yaw, pose.pitch, pose.roll
    scores.descriptor = desc
    scores.identity_distance = distance_to(desc, references)
    return scores


def exclusion(
    scores: ImageScores, rules: DatasetRules, thresholds: Thresholds, *, allow_explicit: bool
) -> tuple[str, str] | None:
    """The first rule an image fails, as (reason, detail), or None when it may be used."""
    if scores.face_fraction is None:
        return "no_face", f"no face with detector score >= {thresholds.min_face_score}"
    side = min(scores.width, scores.height)
    if side < thresholds.min_side:
        return "resolution", f"shortest side {side} px < {thresholds.min_side}"
    if scores.face_fraction < rules.min_face_fraction:
        return "face_too_small", (
            f"face is {scores.face_fraction:.2%} of the frame < {rules.min_face_fraction:.2%}"
        )
    if scores.brightness < rules.min_brightness or scores.shadows > rules.max_shadows:
        return (
            "exposure",
            f"too dark (mean luma {scores.brightness:.0f}, {scores.shadows:.0%} black)",
        )
    if scores.brightness > rules.max_brightness or scores.highlights > rules.max_highlights:
        return "exposure", (
            f"over-exposed (mean luma {scores.brightness:.0f}, {scores.highlights:.0%} clipped)"
        )
    if scores.sharpness is not None and scores.sharpness < rules.min_sharpness:
        return "blur", f"face sharpness {scores.sharpness:.1f} < {rules.min_sharpness}"
    distance = scores.identity_distance
    if distance is not None and distance > rules.max_identity_distance:
        return "identity", (
            f"face is {distance:.2f} from the sources' identity > {rules.max_identity_distance}"
        )
    if scores.explicit and not allow_explicit:
        return "nsfw_scope", "explicit content, and the consent does not cover nsfw"
    if scores.aesthetic is not None and scores.aesthetic < rules.min_aesthetic:
        return "aesthetic", f"beauty score {scores.aesthetic:.2f} < {rules.min_aesthetic}"
    if scores.brisque is not None and scores.brisque > rules.max_brisque:
        return "quality", f"BRISQUE {scores.brisque:.0f} > {rules.max_brisque:.0f}"
    return None
