"""A checkpoint's sample images, written like every studio output: marked as AI-made (IPTC
trainedAlgorithmicMedia, the invisible watermark, a signed C2PA manifest)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from aistudio.core.fs import atomic_write_bytes
from aistudio.db import queries
from aistudio.db.tables import ProvenanceMark
from aistudio.provenance.stamp import GENERATED, Stamp, stamp_image
from aistudio.studio import Studio

FOLDER = "samples"


def sample_dir(out_dir: Path, step: int) -> Path:
    """training/<key>/samples/step-000250/: one checkpoint's samples."""
    return out_dir / FOLDER / f"step-{step:06d}"


def write_samples(
    studio: Studio, model: str, out_dir: Path, step: int, images: list[Any], *, run: str,
    prefix: str = "",
) -> list[Path]:  # fmt: skip
    """Stamp and write a checkpoint's samples (RGB arrays) as 00.jpg, 01.jpg, ... (after
    `prefix`: plain-00.jpg for the prompts without the trigger)."""
    folder = sample_dir(out_dir, step)
    paths = []
    for i, rgb in enumerate(images):
        with studio.session() as session:
            mark = ProvenanceMark(
                model_id=queries.get_model_id(session, name=model),
                run_id=run,
                pair=f"step-{step}-{prefix}{i:02d}",
                stage="sample",
            )
            session.add(mark)
            session.flush()
            assert mark.id is not None
            mark_id = mark.id
        bgr = np.ascontiguousarray(rgb[..., ::-1])
        jpeg = stamp_image(bgr, Stamp(GENERATED, model, run, mark_id), sign_home=studio.home)
        path = folder / f"{prefix}{i:02d}.jpg"
        atomic_write_bytes(path, jpeg)
        paths.append(path)
    return paths
