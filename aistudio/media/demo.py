"""The demo's photos: variants of scikit-image's public-domain astronaut, and their hashes."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import cv2
import numpy as np

from aistudio.core.errors import ConsentError
from aistudio.core.fs import sha256_bytes
from aistudio.media.faces import Image
from aistudio.media.images import decode_image, encode_jpeg

# NASA portrait of Eileen Collins (public domain), as shipped in scikit-image's data folder.
ASTRONAUT_SHA256 = "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5"


def astronaut_bytes() -> bytes:
    """The bundled PNG, refused unless it is exactly the known public-domain file."""
    raw = (resources.files("skimage") / "data" / "astronaut.png").read_bytes()
    if sha256_bytes(raw) != ASTRONAUT_SHA256:
        raise ConsentError("scikit-image's astronaut.png is not the known public-domain photo")
    return raw


def _variants(base: Image) -> dict[str, Image]:
    # Everything derives from the one photo, so the demo never shows anyone else.
    h, w = base.shape[:2]
    warm = np.clip(base.astype(np.int16) + np.array([-12, 0, 18], np.int16), 0, 255).astype(
        np.uint8
    )
    rot = cv2.warpAffine(
        base,
        cv2.getRotationMatrix2D((w / 2, h / 3), 8, 1.0),
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REFLECT,
    )
    wide = cv2.resize(cv2.GaussianBlur(base, (0, 0), 25), (1280, 960), interpolation=cv2.INTER_AREA)
    inset = cv2.resize(base, (880, 880), interpolation=cv2.INTER_AREA)
    wide[40:920, 360:1240] = inset
    crop = cv2.resize(base[0:900, 60:960], (1000, 1000), interpolation=cv2.INTER_CUBIC)
    bright = cv2.convertScaleAbs(crop, alpha=1.06, beta=6)
    variants = {
        "source-1": base,
        "source-2": bright,
        "target-1": cv2.flip(base, 1),
        "target-2": warm,
        "target-3": rot,
        "target-4": wide,
    }
    return {k: np.ascontiguousarray(v, dtype=np.uint8) for k, v in variants.items()}


@lru_cache(maxsize=1)
def demo_images() -> dict[str, bytes]:
    """The demo's photos as JPEG bytes, derived deterministically from the astronaut."""
    small = decode_image(astronaut_bytes(), "astronaut.png", 1_000_000)
    base = cv2.resize(small, (1024, 1024), interpolation=cv2.INTER_LANCZOS4)
    base_u8 = np.ascontiguousarray(base, dtype=np.uint8)
    return {name: encode_jpeg(img, quality=92) for name, img in _variants(base_u8).items()}


@lru_cache(maxsize=1)
def allowed_hashes() -> frozenset[str]:
    """Content hashes the demo consent accepts."""
    return frozenset(sha256_bytes(b) for b in demo_images().values())
