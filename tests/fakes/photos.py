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
