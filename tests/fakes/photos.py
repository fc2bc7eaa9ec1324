"""Test photos derived from scikit-image's public-domain astronaut portrait (no other faces)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import skimage.data
from numpy.typing import NDArray

Image = NDArray[np.uint8]


def astronaut(size: int = 1024) -> Image:
    """The astronaut as a BGR image, upscaled to size x size (~1 MP at 1024)."""
    rgb = skimage.data.astronaut()
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    return np.ascontiguousarray(cv2.resize(bgr, (size, size), interpolation=cv2.INTER_CUBIC))


def variant(i: int, size: int = 1024) -> Image:
    """A distinct-content photo of the same face: flips, tints and small shifts by index."""
    img = astronaut(size)
    if i % 2:
        img = cv2.flip(img, 1)
    tint = np.array([(i * 7) % 23 - 11, (i * 5) % 17 - 8, (i * 3) % 13 - 6], np.int16)
    img = np.clip(img.astype(np.int16) + tint, 0, 255).astype(np.uint8)
    shift = np.float32([[1, 0, (i % 5) * 6 - 12], [0, 1, (i % 3) * 6 - 6]])
    out = cv2.warpAffine(img, shift, (size, size), borderMode=cv2.BORDER_REFLECT)
    return np.ascontiguousarray(out, dtype=np.uint8)


def write_jpeg(path: Path, image: Image, quality: int = 92) -> Path:
    """Save a BGR image as JPEG; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    path.write_bytes(buf.tobytes())
    return path


def photo_set(
    folder: Path, prefix: str, count: int, start: int = 0, size: int = 1024
) -> list[Path]:
    """count distinct face photos as JPEG files in folder."""
    return [
        write_jpeg(folder / f"{prefix}{i + 1}.jpg", variant(start + i, size)) for i in range(count)
    ]


def png_claiming(width: int, height: int) -> bytes:
    """A well-formed PNG header that declares width x height RGB pixels but carries almost none."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _rotated(img: Image, angle: float, scale: float = 1.0) -> Image:
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 3), angle, scale)
    return np.ascontiguousarray(cv2.warpAffine(img, m, (w, h), borderMode=cv2.BORDER_REFLECT))


def _inset(img: Image, x: int) -> Image:
    """The photo at 880 px on a blurred 1280x960 copy of itself: a wider frame, other background."""
    frame = cv2.resize(cv2.GaussianBlur(img, (0, 0), 25), (1280, 960))
    frame[40:920, x : x + 880] = cv2.resize(img, (880, 880), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(frame)


def training_photos() -> dict[str, Image]:
    """Good, truly different training images of the one face: flips, turns, zooms and frames
    (pHashes 18+ bits apart; tinted shifts like variant() are near-duplicates of each other)."""
    b = astronaut()
    zoom = cv2.resize(b[60:760, 300:1000], (1024, 1024), interpolation=cv2.INTER_CUBIC)
    return {
        "base": b,
        "flip": cv2.flip(b, 1),
        "turn-left": _rotated(b, 10),
        "turn-right": _rotated(cv2.flip(b, 1), -10),
        "frame-left": _inset(b, 40),
        "frame-right": _inset(cv2.flip(b, 1), 360),
        "close": np.ascontiguousarray(zoom),
        "close-flip": np.ascontiguousarray(cv2.flip(zoom, 1)),
        "tilt": _rotated(b, -18, 1.15),
    }


def stranger() -> Image:
    """Another person: scikit-image's cameraman (CC0, Lav Varshney), 1024 px, in BGR."""
    grey = skimage.data.camera()
    return np.ascontiguousarray(
        cv2.resize(
            cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), (1024, 1024), interpolation=cv2.INTER_CUBIC
        )
    )


def planted_bad() -> dict[str, tuple[Image, str]]:
    """Images a training set must not take, each with the reason it should be left out for."""
    base = variant(0)
    small_face = cv2.resize(cv2.GaussianBlur(variant(2), (0, 0), 30), (3000, 2250))
    small_face[1000:1200, 1400:1600] = cv2.resize(
        variant(2), (200, 200), interpolation=cv2.INTER_AREA
    )
    ok, buf = cv2.imencode(".jpg", base, [cv2.IMWRITE_JPEG_QUALITY, 70])
    assert ok
    recropped = cv2.imdecode(buf, cv2.IMREAD_COLOR)[30:-20, 25:-30]
    ok, blocky = cv2.imencode(".jpg", variant(4), [cv2.IMWRITE_JPEG_QUALITY, 5])
    assert ok
    bad = {
        "blurred": (cv2.GaussianBlur(variant(5), (0, 0), 4), "blur"),
        "too-dark": (cv2.convertScaleAbs(variant(6), alpha=0.18), "exposure"),
        "over-exposed": (cv2.convertScaleAbs(variant(7), alpha=2.2, beta=40), "exposure"),
        "exact-duplicate": (astronaut(), "duplicate"),
        "near-duplicate": (cv2.resize(recropped, (1000, 1000)), "duplicate"),
        "small-face": (small_face, "face_too_small"),
        "low-resolution": (
            cv2.resize(variant(8), (600, 600), interpolation=cv2.INTER_AREA),
            "resolution",
        ),
        "someone-else": (stranger(), "identity"),
        "no-face": (np.full((1024, 1024, 3), 128, np.uint8), "no_face"),
        # Saved at JPEG quality 5: blocks and ringing everywhere (BRISQUE about 74).
        "compressed": (cv2.imdecode(blocky, cv2.IMREAD_COLOR), "quality"),
    }
    return {k: (np.ascontiguousarray(v, dtype=np.uint8), why) for k, (v, why) in bad.items()}
