"""The offline captioner: plain-English tags from what the studio already measured, and the
image's own pixels. Deterministic, no downloads, a few milliseconds an image."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from aistudio.media.faces import Image

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class TagInput:
    """What the tagger reads of one training image (the face box in the image's own pixels)."""

    image: Image  # BGR, the cropped training image
    face: Box | None
    yaw: float | None = None
    pitch: float | None = None
    labels: Sequence[str] = ()  # content labels from the stored classification


def framing(face_h: float, image_h: int) -> str:
    """From how much of the height the face takes (a face box is about 1/8 of a standing body)."""
    share = face_h / image_h
    if share >= 0.45:
        return "close-up"
    if share >= 0.25:
        return "portrait"
    if share >= 0.12:
        return "upper body"
    return "full body"


def gaze(yaw: float | None, pitch: float | None) -> str:
    """Head direction as seen in the image; the 5-landmark estimate is noisy, so the margins are
    wide (a frontal face reads up to about 15 degrees either way)."""
    if yaw is not None and yaw > 22:
        return "looking to the right"
    if yaw is not None and yaw < -22:
        return "looking to the left"
    if pitch is not None and pitch > 28:
        return "looking down"
    if pitch is not None and pitch < -18:
        return "looking up"
    return "looking at viewer"


def orientation(w: int, h: int) -> str | None:
    """Wide or tall frames; a square one says nothing."""
    if w / h >= 1.2:
        return "horizontal composition"
    if h / w >= 1.2:
        return "vertical composition"
    return None


def _face_mask(shape: tuple[int, ...], face: Box | None) -> np.ndarray:
    mask = np.zeros(shape[:2], bool)
    if face is not None:
        x, y, w, h = (round(v) for v in face)
        mask[max(y, 0) : y + h, max(x, 0) : x + w] = True
    return mask


def lighting(image: Image, face: Box | None) -> list[str]:
    """Bright, dim, backlit (the background far brighter than the face), high contrast."""
    luma = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).astype(np.float32)
    mask = _face_mask(image.shape, face)
    out = []
    mean = float(luma.mean())
    if mean >= 165:
        out.append("bright lighting")
    elif mean <= 70:
        out.append("dim lighting")
    if mask.any() and (~mask).any() and float(luma[~mask].mean()) - float(luma[mask].mean()) > 60:
        out.append("backlit")
    if float(luma.std()) >= 72:
        out.append("high contrast")
    return out


def colour(image: Image) -> str | None:
    """Black and white, warm or cool, from saturation and the Lab b* (yellow-blue) axis."""
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    if float(hsv[..., 1].mean()) < 12:
        return "black and white"
    lab = cv2.cvtColor(image, cv2.COLOR_BGR2LAB).astype(np.float32)
    b = float(lab[..., 2].mean()) - 128
    a = float(lab[..., 1].mean()) - 128
    if b + 0.5 * a >= 20:
        return "warm tones"
    if b <= -6:
        return "cool tones"
    return None


def background(image: Image, face: Box | None) -> str | None:
    """The background's brightness, around (not behind) the face."""
    luma = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    rest = luma[~_face_mask(image.shape, face)]
    if rest.size == 0:
        return None
    mean = float(rest.mean())
    if mean >= 185:
        return "light background"
    if mean <= 60:
        return "dark background"
    return None


def tags(item: TagInput, *, allow_explicit: bool) -> list[str]:
    """The description's parts, most telling first; content labels only under an nsfw scope."""
    h, w = item.image.shape[:2]
    out: list[str] = []
    if item.face is not None:
        out.append(framing(item.face[3], h))
        out.append(gaze(item.yaw, item.pitch))
    out += [t for t in (orientation(w, h), colour(item.image)) if t]
    out += lighting(item.image, item.face)
    bg = background(item.image, item.face)
    if bg:
        out.append(bg)
    if allow_explicit:
        out += [label.lower().replace("_", " ") for label in item.labels]
    return out
