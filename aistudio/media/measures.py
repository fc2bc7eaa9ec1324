"""Image measures for curating training sets: face sharpness, exposure, head pose, pHash."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from aistudio.media.faces import Face, Image

FACE_SIDE = 256  # face crops are measured at this size, so sharpness does not depend on scale
CLIP_HIGH, CLIP_LOW = 250, 5  # luma at or past these is clipped highlight or crushed shadow


def _grey(image: Image) -> Image:
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return np.asarray(grey, dtype=np.uint8)


def face_crop(image: Image, face: Face, side: int = FACE_SIDE) -> Image:
    """The face box (clipped to the image) in grey, resized to side x side."""
    h, w = image.shape[:2]
    x0, y0 = max(0, int(face.x)), max(0, int(face.y))
    x1, y1 = min(w, int(face.x + face.w)), min(h, int(face.y + face.h))
    crop = _grey(image[y0 : max(y1, y0 + 1), x0 : max(x1, x0 + 1)])
    # INTER_AREA shrinks without aliasing; upscaling a small face adds no fake detail either.
    return np.asarray(cv2.resize(crop, (side, side), interpolation=cv2.INTER_AREA), np.uint8)


def sharpness(image: Image, face: Face) -> float:
    """Variance of the Laplacian on the face crop at FACE_SIDE px: low means blurred."""
    return float(cv2.Laplacian(face_crop(image, face), cv2.CV_64F).var())


@dataclass(frozen=True)
class Exposure:
    """How the luma is spread: clipped fractions, mean and standard deviation (0-255)."""

    highlights: float
    shadows: float
    brightness: float
    contrast: float


def exposure(image: Image) -> Exposure:
    """Clipped highlights and shadows, mean luma and contrast, measured on a 512 px copy."""
    grey = _grey(image)
    h, w = grey.shape[:2]
    scale = min(1.0, 512 / max(h, w))
    if scale < 1.0:
        small = cv2.resize(grey, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
        grey = np.asarray(small, np.uint8)
    hist = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    mean, std = cv2.meanStdDev(grey)
    return Exposure(
        highlights=float(hist[CLIP_HIGH:].sum() / total),
        shadows=float(hist[: CLIP_LOW + 1].sum() / total),
        brightness=float(mean[0][0]),
        contrast=float(std[0][0]),
    )


@dataclass(frozen=True)
class Pose:
    """Head pose in degrees, estimated from the 5 landmarks (rough, but enough for variety)."""

    yaw: float  # + the face turned towards the image's right (the nose right of the eyes)
    pitch: float  # + looking down
    roll: float  # + head tilted clockwise in the image


def head_pose(face: Face) -> Pose | None:
    """Yaw from the nose's offset between the eyes, pitch from its height between eyes and mouth,
    roll from the eye line; None without the 5 landmarks."""
    if len(face.landmarks) < 5:
        return None
    pts = np.asarray(face.landmarks, dtype=np.float64)
    eye_r, eye_l, nose, mouth_r, mouth_l = pts[:5]
    dx, dy = eye_l - eye_r
    roll = math.degrees(math.atan2(dy, dx))
    eye_dist = math.hypot(dx, dy)
    if eye_dist < 1e-6:
        return None
    # Undo the roll about the eyes' midpoint, so the other two are measured upright.
    c, s = math.cos(math.radians(-roll)), math.sin(math.radians(-roll))
    mid = (eye_r + eye_l) / 2

    def upright(p: np.ndarray) -> np.ndarray:
        v = p - mid
        return np.array([c * v[0] - s * v[1], s * v[0] + c * v[1]])

    n, m = upright(nose), upright((mouth_r + mouth_l) / 2)
    # A frontal nose sits on the midline; at 90 degrees it would be about half an eye gap out.
    yaw = math.degrees(math.asin(max(-1.0, min(1.0, n[0] / (0.5 * eye_dist)))))
    # Frontal: the nose tip is ~55% of the way from the eye line to the mouth line.
    pitch = (n[1] / m[1] - 0.55) * 100 if m[1] > 1e-6 else 0.0
    return Pose(yaw=yaw, pitch=pitch, roll=roll)


def phash(image: Image) -> int:
    """A 64-bit perceptual hash: signs of the 8x8 lowest DCT frequencies of a 32x32 grey copy."""
    small = cv2.resize(_grey(image), (32, 32), interpolation=cv2.INTER_AREA).astype(np.float32)
    low = cv2.dct(small)[:8, :8].ravel()
    # The DC term only says how bright the image is; the median of the rest splits the bits.
    bits = low > np.median(low[1:])
    return int("".join("1" if b else "0" for b in bits), 2)


def hamming(a: int, b: int) -> int:
    """Bits that differ between two hashes."""
    return (a ^ b).bit_count()
