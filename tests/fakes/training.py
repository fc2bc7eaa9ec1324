"""What the training tests share: a tiny training's params and a dataset version's imagefolder
of three captioned crops (the tiny SD 1.5 base itself: tests.fakes.sd.shared_sd15)."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np

from aistudio.training import TrainParams
from tests.fakes.photos import astronaut

PARAMS = TrainParams(
    family="sd15", rank=4, steps=6, lr=1e-3, resolution=32, checkpoint_every=2, seed=7
)


def tiny_dataset(folder: Path) -> Path:
    """An imagefolder as a dataset version writes it: 3 crops, square and tall, captioned."""
    (folder / "imagefolder").mkdir(parents=True)
    lines = []
    for i, (w, h) in enumerate([(256, 256), (200, 256), (256, 256)]):
        image = astronaut(256)[:h, i * 20 : i * 20 + w]
        name = f"{i + 1:03d}.jpg"
        cv2.imwrite(str(folder / "imagefolder" / name), np.ascontiguousarray(image))
        lines.append(json.dumps({"file_name": name, "text": f"a photo of andie, person, {i}"}))
    (folder / "imagefolder" / "metadata.jsonl").write_text("\n".join(lines) + "\n")
    return folder
