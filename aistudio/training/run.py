"""Train a model's LoRA from one of its dataset versions: the studio-level call the CLI, the
flow and (later) the API make."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from aistudio.core.errors import UserError
from aistudio.dataset.versions import show_dataset
from aistudio.studio import Studio
from aistudio.training.loop import Progress, TrainResult, train
from aistudio.training.params import TrainParams


def run_key(dataset_hash: str, base: str, params: TrainParams) -> str:
    """What identifies a training: its data, base and parameters (a rerun resumes it)."""
    blob = json.dumps([dataset_hash, base, params.model_dump()], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def train_model(
    studio: Studio,
    model: str,
    base: str,
    params: TrainParams,
    *,
    dataset_version: int | None = None,
    unreviewed: bool = False,
    device: str | None = None,
    progress: Progress | None = None,
) -> TrainResult:
    """Train on a dataset version (default: the newest), whose captions a person reviewed
    unless told otherwise; the same inputs again resume the same training."""
    info = show_dataset(studio, model, dataset_version)
    if not info.reviewed_by and not unreviewed:
        raise UserError(
            f"{model} dataset v{info.version} has captions nobody reviewed: review them "
            f"('aistudio captions edit {model}', then 'aistudio captions approve {model}') "
            "or train with --unreviewed"
        )
    out = studio.paths(model).training_dir(run_key(info.hash, base, params))
    return train(base, Path(info.path), out, params, device=device, progress=progress)
