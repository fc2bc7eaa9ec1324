"""LoRA versions without a training: a version row, checkpoints of small random SD 1.5 LoRA
weights with scores and sample images, published through the library's own writer (the
consent checked, the file cited) in well under a second."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

import cv2
import numpy as np
from sqlmodel import col, select

from aistudio.db import queries
from aistudio.db.tables import DatasetVersion
from aistudio.studio import Studio
from aistudio.training import TrainParams, publish, versions
from aistudio.training.checkpoint import step_dir
from aistudio.training.samples import sample_dir

# SD 1.5 UNet modules the kohya namer knows; their (in, out) sizes are irrelevant to the file.
MODULES = (
    "down_blocks.0.attentions.0.proj_in",
    "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q",
    "mid_block.attentions.0.transformer_blocks.0.attn2.to_k",
)
WIDTH = 16


def _dataset_id(studio: Studio, model: str) -> int:
    """The model's newest dataset version, or a bare one (no items) made for it."""
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=model)
        found = session.exec(
            select(DatasetVersion)
            .where(DatasetVersion.model_id == model_id)
            .order_by(col(DatasetVersion.number).desc())
        ).first()
        if found is None:
            found = DatasetVersion(
                model_id=model_id,
                number=1,
                content_hash=hashlib.sha256(f"{model} dataset".encode()).hexdigest(),
                path=f"models/{model}/datasets/v1",
                family="sd15",
                settings_json="{}",
                holdout_json="[]",
                included=0,
                excluded=0,
            )
            session.add(found)
            session.flush()
        assert found.id is not None
        return found.id


def _weights(rank: int, seed: int) -> dict[str, object]:
    import torch

    gen = torch.Generator().manual_seed(seed)
    out: dict[str, object] = {}
    for module in MODULES:
        out[f"{module}.lora_A.weight"] = torch.randn(rank, WIDTH, generator=gen)
        out[f"{module}.lora_B.weight"] = torch.randn(WIDTH, rank, generator=gen) * 0.1
    return out


def fake_lora(
    studio: Studio,
    model: str,
    *,
    rank: int = 4,
    steps: tuple[int, ...] = (2, 4),
    best: int = 4,
    samples: int = 2,
    seed: int = 0,
) -> int:
    """A published LoRA version of the model (its consent in force): returns its number."""
    from safetensors.torch import save_file

    params = TrainParams(family="sd15", rank=rank, steps=max(steps), resolution=32,
                         checkpoint_every=min(steps), samples=samples, seed=seed)  # fmt: skip
    with studio.read() as session:
        consent = queries.current_consent(
            session, model_id=queries.get_model_id(session, name=model)
        )
    version_id = versions.open_version(
        studio, model, run_key=uuid.uuid4().hex, dataset_id=_dataset_id(studio, model),
        family="sd15", base="tiny-sd15", base_hash="0" * 64, base_license="openrail",
        params=params.model_dump(), consent_hash=consent.record_hash if consent else None,
    )  # fmt: skip
    number = versions.number_of(studio, version_id)
    out = Path(versions.show_lora(studio, model, number).training_dir)
    for i, step in enumerate(steps):
        folder = step_dir(out, step)
        folder.mkdir(parents=True)
        state = {"step": step, "params": params.model_dump()}
        (folder / "state.json").write_text(json.dumps(state))
        save_file(_weights(rank, seed * 100 + step), str(folder / "lora.safetensors"))  # type: ignore[arg-type]
        for name in [f"{s:02d}" for s in range(samples)] + ["plain-00"] * bool(samples):
            image = np.full((32, 32, 3), (40 + 30 * i + 7 * seed) % 256, np.uint8)
            path = sample_dir(out, step) / f"{name}.jpg"
            path.parent.mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(path), image)
        scores = {"loss": 0.2 - 0.01 * i, "face_rate": 1.0, "identity": 0.5 + 0.1 * i,
                  "drift": 0.1, "bleed": None, "clip": 0.25}  # fmt: skip
        versions.record_checkpoint(studio, version_id, step, scores)
    publish.publish(studio, model, number, version_id, best)
    return number
