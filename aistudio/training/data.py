"""Training examples from a dataset version's `imagefolder/` (images and metadata.jsonl),
sized to buckets the model's latent grid divides."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aistudio.core.errors import UserError
from aistudio.media.images import load_stored_image

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Example:
    """One training image (RGB, float -1..1, CHW), its caption and its face box (x, y, w, h
    as shares of the width and height), when one is known."""

    name: str
    pixels: np.ndarray
    caption: str
    face: Box | None = None


def bucket(width: int, height: int, resolution: int, align: int) -> tuple[int, int]:
    """The image's size with its longest side at `resolution`, both sides a multiple of align."""
    scale = resolution / max(width, height)
    return (
        max(align, round(width * scale / align) * align),
        max(align, round(height * scale / align) * align),
    )


def load_examples(
    dataset_dir: Path, resolution: int, align: int, faces: Mapping[str, Box] | None = None
) -> list[Example]:
    """Every captioned image of a dataset version, resized to its bucket."""
    import cv2

    folder = dataset_dir / "imagefolder"
    meta = folder / "metadata.jsonl"
    if not meta.is_file():
        raise UserError(f"{dataset_dir} is not a dataset version (no imagefolder/metadata.jsonl)")
    out = []
    for line in meta.read_text().splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        image, _ = load_stored_image(folder / row["file_name"], 400_000_000)
        h, w = image.shape[:2]
        size = bucket(w, h, resolution, align)
        resized = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
        rgb = resized[..., ::-1].astype(np.float32) / 127.5 - 1.0
        chw = np.ascontiguousarray(rgb.transpose(2, 0, 1))
        name = row["file_name"]
        out.append(Example(name, chw, row["text"], (faces or {}).get(name)))
    if not out:
        raise UserError(f"dataset {dataset_dir} has no images")
    return out
