"""train-lora: train a model's LoRA on a reviewed dataset version on the GPU pool, score each
checkpoint's samples for identity, and report the loss curve and the scores."""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from aistudio.training import KEEP_CHECKPOINTS, LoraInfo, TrainParams
from aistudio.training.bases import choose_base
from aistudio.training.run import dataset_family
from tasks.common import artifact_key, studio
from tasks.training import train

DEFAULTS = TrainParams()


@flow(name="train-lora", log_prints=True)
def train_lora(
    model: str,
    params: TrainParams = DEFAULTS,
    dataset_version: int | None = None,
    base: str | None = None,
    parts: str | None = None,
    base_license: str | None = None,
    license_override: bool = False,
    unreviewed: bool = False,
    keep_checkpoints: int = KEEP_CHECKPOINTS,
) -> dict[str, Any]:
    """Train a LoRA of a model (persona) on one of its dataset versions.

    Args:
        model: The model (persona) name, e.g. andie.
        params: The training's parameters, each as `aistudio lora train --help` explains it;
            left empty, the family's defaults (the family: the dataset version's).
        dataset_version: The dataset version to learn from (default: the newest).
        base: Base model on the worker, by name (a family's name: its AISTUDIO_<FAMILY>_BASE;
            or a name from AISTUDIO_ALLOWED_BASES) or by one of those values (default: the
            family's); anything else is refused.
        parts: With a single-file transformer as base (ComfyUI's diffusion_models/): the
            diffusers folder or hub id its text encoder and VAE come from (from the same list
            as base).
        base_license: The base's license, when it cannot be read off the base.
        license_override: Train a model marked commercial on a base whose license forbids
            that or is unknown (written to the audit log).
        unreviewed: Train on captions nobody has reviewed.
        keep_checkpoints: Checkpoints kept on disk: the last N, plus the best one.
    """
    family = params.family or dataset_family(studio(), model, dataset_version)
    chosen, parts = choose_base(studio().settings, family, base, parts)
    info = train(
        model, chosen, params, dataset_version, unreviewed, parts, base_license, license_override,
        keep_checkpoints,
    )  # fmt: skip
    create_table_artifact(
        key=artifact_key("lora-scores", model),
        table=[{"step": int(s), **m} for s, m in sorted(info.metrics.items(), key=_step)],
        description=f"{model} LoRA v{info.version}: loss and identity per checkpoint",
    )
    create_markdown_artifact(
        key=artifact_key("lora", model),
        markdown=_summary(info),
        description=f"{model} LoRA v{info.version}",
    )
    get_run_logger().info(
        "%s LoRA v%d: best step %s, %s", model, info.version, info.best_step, info.file
    )
    return info.model_dump(include={"model", "version", "best_step", "file", "steps"})


def _step(item: tuple[str, Any]) -> int:
    return int(item[0])


def _summary(info: LoraInfo) -> str:
    best = info.metrics.get(str(info.best_step), {})
    return "\n".join(
        [
            f"# {info.model} LoRA v{info.version}",
            f"- Dataset v{info.dataset_version} (`{info.dataset_hash[:12]}`), base "
            f"`{info.base}` (`{info.base_hash[:12]}`)",
            f"- {info.steps} steps, rank {info.params['rank']}, lr {info.params['lr']}",
            f"- Best step: {info.best_step} (identity {best.get('identity')}, faces "
            f"{best.get('face_rate')})",
            f"- File: `{info.file}` ({(info.file_size or 0) / 1e6:.1f} MB)",
        ]
    )
