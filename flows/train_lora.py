"""train-lora: train a model's LoRA on a reviewed dataset version on the GPU pool, score each
checkpoint's samples for identity, and report the loss curve and the scores."""

from __future__ import annotations

from typing import Any, Literal

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from aistudio.core.families import Family
from aistudio.training import LoraInfo, TrainParams
from aistudio.training.bases import choose_base
from aistudio.training.run import dataset_family
from tasks.common import artifact_key, studio
from tasks.training import train

DEFAULTS = TrainParams()


@flow(name="train-lora", log_prints=True)
def train_lora(
    model: str,
    dataset_version: int | None = None,
    base: str | None = None,
    family: Family | None = None,
    rank: int | None = None,
    steps: int | None = None,
    lr: float | None = None,
    resolution: int | None = None,
    seed: int = DEFAULTS.seed,
    checkpoint_every: int = DEFAULTS.checkpoint_every,
    samples: int = DEFAULTS.samples,
    optimizer: Literal["adamw", "adamw8bit"] = "adamw",
    base_precision: Literal["full", "int8"] = "full",
    parts: str | None = None,
    base_license: str | None = None,
    license_override: bool = False,
    unreviewed: bool = False,
) -> dict[str, Any]:
    """Train a LoRA of a model (persona) on one of its dataset versions.

    Args:
        model: The model (persona) name, e.g. andie.
        dataset_version: The dataset version to learn from (default: the newest).
        base: Base model on the worker, by name (a family's name: its AISTUDIO_<FAMILY>_BASE;
            or a name from AISTUDIO_ALLOWED_BASES) or by one of those values (default: the
            family's); anything else is refused.
        family: Base family: sd15, sdxl, flux, zimage, flux2-klein or qwen-image (default: the
            dataset version's).
        rank: LoRA rank (network dim; default: the family's).
        steps: Training steps (default: the family's).
        lr: Learning rate (default: the family's).
        resolution: Longest side of the training buckets, in pixels (default: the family's,
            512 for sd15, 1024 for the others).
        seed: The same seed, data and parameters give the same LoRA.
        checkpoint_every: Write a checkpoint and score its samples every N steps.
        samples: Sample images per checkpoint (0: none, and no identity scores).
        optimizer: adamw, or adamw8bit (bitsandbytes: the optimizer state in 8 bits).
        base_precision: full, or int8 (torchao: the base's Linear weights in int8, about half
            the memory of bf16).
        parts: With a single-file transformer as base (ComfyUI's diffusion_models/): the
            diffusers folder or hub id its text encoder and VAE come from (from the same list
            as base).
        base_license: The base's license, when it cannot be read off the base.
        license_override: Train a model marked commercial on a base whose license forbids
            that or is unknown (written to the audit log).
        unreviewed: Train on captions nobody has reviewed.
    """
    family = family or dataset_family(studio(), model, dataset_version)
    params = TrainParams(
        family=family, rank=rank or 0, steps=steps or 0, lr=lr or 0.0, resolution=resolution,
        seed=seed, checkpoint_every=checkpoint_every, samples=samples, optimizer=optimizer,
        base_precision=base_precision,
    )  # fmt: skip
    chosen, parts = choose_base(studio().settings, family, base, parts)
    info = train(
        model, chosen, params, dataset_version, unreviewed, parts, base_license, license_override
    )
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
