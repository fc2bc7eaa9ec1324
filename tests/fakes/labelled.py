"""A labelled set for the tagger, built from scikit-image's public-domain photos (the astronaut
portrait, facing the camera, and the CC0 "camera" photo of a man in profile, facing right):
each image framed, flipped and lit by construction, so its right labels are known."""

from __future__ import annotations

import cv2
import numpy as np
import skimage.data

from aistudio.media.faces import Image, get_detector
from tests.fakes.photos import astronaut

SIZE = 768
# Face height over frame height for each framing, two per class, inside its band.
SHARES = {
    "close-up": (0.5, 0.62),
    "portrait": (0.29, 0.4),
    "upper body": (0.15, 0.21),
    "full body": (0.06, 0.09),
}


def framed(base: Image, share: float, aspect: float = 1.0) -> Image:
    """The photo scaled so the face is `share` of the frame's height, the face a little above
    the middle, on a blurred copy where the photo does not reach."""
    face = get_detector().detect(base)[0]
    h = SIZE
    w = round(SIZE * aspect)
    s = share * h / face.h
    scaled = cv2.resize(
        base, None, fx=s, fy=s, interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC
    )
    canvas = cv2.resize(cv2.GaussianBlur(base, (0, 0), 20), (w, h), interpolation=cv2.INTER_AREA)
    cx, cy = (face.x + face.w / 2) * s, (face.y + face.h / 2) * s
    ox, oy = round(w / 2 - cx), round(0.4 * h - cy)  # where the scaled photo's origin lands
    x0, y0 = max(ox, 0), max(oy, 0)
    x1, y1 = min(ox + scaled.shape[1], w), min(oy + scaled.shape[0], h)
    canvas[y0:y1, x0:x1] = scaled[y0 - oy : y1 - oy, x0 - ox : x1 - ox]
    return np.ascontiguousarray(canvas)


def camera() -> Image:
    """The "camera" photo as BGR: a man looking into a camera, his face turned to the right."""
    return cv2.cvtColor(skimage.data.camera(), cv2.COLOR_GRAY2BGR)


# Each photo with its gaze label as it is, and flipped left to right.
GAZES = {
    "astronaut": (astronaut, "looking at viewer", "looking at viewer"),
    "camera": (camera, "looking to the right", "looking to the left"),
}


def framings() -> list[tuple[str, Image, str, str]]:
    """(name, image, framing, gaze) for both photos at every share, both ways round, square
    and tall."""
    out = []
    for photo, (load, plain, flipped) in GAZES.items():
        for flip in (False, True):
            base = cv2.flip(load(), 1) if flip else load()
            for label, shares in SHARES.items():
                for share in shares:
                    for aspect in (1.0, 0.78):
                        name = f"{photo}-{label}-{share}-{'flip' if flip else 'plain'}-{aspect}"
                        gaze = flipped if flip else plain
                        out.append((name, framed(base, share, aspect), label, gaze))
    return out


def looks() -> list[tuple[str, Image, str]]:
    """(name, image, colour or lighting label) by construction from one portrait framing."""
    base = framed(astronaut(), 0.33)
    grey = cv2.cvtColor(cv2.cvtColor(base, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    shift = np.int16
    warm = np.clip(base.astype(shift) + np.array([-25, 5, 30], shift), 0, 255).astype(np.uint8)
    cool = np.clip(base.astype(shift) + np.array([45, 5, -30], shift), 0, 255).astype(np.uint8)
    return [
        ("black-and-white", grey, "black and white"),
        ("warm", warm, "warm tones"),
        ("cool", cool, "cool tones"),
        ("dim", cv2.convertScaleAbs(base, alpha=0.45), "dim lighting"),
        ("bright", cv2.convertScaleAbs(base, alpha=1.25, beta=60), "bright lighting"),
    ]
