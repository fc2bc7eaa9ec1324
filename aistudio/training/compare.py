"""Versions side by side: each version's best-checkpoint samples (the same prompts and seeds
for every version of a model) in one row, with its identity scores: a PNG grid."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from aistudio.core.errors import UserError
from aistudio.core.fs import atomic_write_bytes, confined_output
from aistudio.dataset.report import FONT, THUMB, thumb
from aistudio.db import queries
from aistudio.media.images import load_stored_image
from aistudio.provenance.marks import new_mark
from aistudio.provenance.stamp import GENERATED, Stamp, stamp_png
from aistudio.studio import Studio
from aistudio.training import versions
from aistudio.training.samples import sample_dir

LABEL_W = 230  # px, the row's label on the left
HEAD_H = 36


def _label(info: versions.LoraInfo) -> list[str]:
    best = info.metrics.get(str(info.best_step), {})

    def num(key: str) -> str:
        value = best.get(key)
        return "-" if value is None else f"{value:.3f}"

    return [
        f"v{info.version} step {info.best_step}",
        f"dataset v{info.dataset_version}, rank {info.params.get('rank')}",
        f"identity {num('identity')}",
        f"faces {num('face_rate')}, drift {num('drift')}",
    ]


def compare_loras(
    studio: Studio,
    model: str,
    numbers: list[int],
    out: Path | None = None,
    *,
    confined: bool = False,
) -> Path:
    """Write the grid of these versions' best samples; returns its path (`confined`, the
    API's mode: `out` only inside the studio's exports folder)."""
    if out is not None and confined:
        out = confined_output(studio.home, out)
    if len(numbers) < 2:
        raise UserError(
            "compare takes two versions or more, e.g. 'aistudio lora compare andie 1 2'"
        )
    rows = []
    for number in numbers:
        info = versions.show_lora(studio, model, number)
        if info.best_step is None:
            raise UserError(f"{model} LoRA v{number} has not finished training: no best step yet")
        files = sorted(sample_dir(Path(info.training_dir), info.best_step).glob("[0-9]*.jpg"))
        if not files:
            raise UserError(f"{model} LoRA v{number} drew no samples (trained with --samples 0)")
        rows.append((info, [load_stored_image(f, 400_000_000)[0] for f in files]))
    cols = min(len(images) for _, images in rows)  # the prompts every version drew
    cell = THUMB + 8
    grid = np.full((HEAD_H + len(rows) * cell, LABEL_W + cols * cell, 3), 18, np.uint8)
    heading = f"{model}: LoRA v{', v'.join(str(n) for n in numbers)}, best checkpoints"
    cv2.putText(grid, heading[:90], (8, 24), FONT, 0.6, (240, 240, 240), 1, cv2.LINE_AA)
    for r, (info, images) in enumerate(rows):
        y = HEAD_H + r * cell + 4
        for i, line in enumerate(_label(info)):
            cv2.putText(grid, line, (8, y + 20 + 22 * i), FONT, 0.45, (235, 235, 235), 1,
                        cv2.LINE_AA)  # fmt: skip
        for c, image in enumerate(images[:cols]):
            x = LABEL_W + c * cell + 4
            grid[y : y + THUMB, x : x + THUMB] = thumb(image)
    name = "compare-" + "-".join(f"v{n}" for n in numbers)
    # The grid is made of generated samples: marked like them (XMP, watermark, C2PA).
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=model)
    stamp = Stamp(GENERATED, model, name, new_mark(studio, model_id, name, "grid", "compare"))
    dest = out or studio.paths(model).root / "lora" / f"{name}.png"
    atomic_write_bytes(dest, stamp_png(grid, stamp, sign_home=studio.home))
    return dest
