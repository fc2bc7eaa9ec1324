"""LoRA versions over the API: public views, the files a version is served as, and the export
job kind (a resize: `export-lora/default` on the cpu pool)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Request

from aistudio.api.jobs import JobSpec
from aistudio.api.schemas.loras import CheckpointPublic, LoraFile, LoraPublic
from aistudio.core.errors import NotFound
from aistudio.core.fs import sha256_file
from aistudio.studio import Studio
from aistudio.training import versions
from aistudio.training.consent import check_not_withdrawn, check_version, file_metadata
from aistudio.training.publish import (
    Format,
    check_choice,
    export_choice,
    export_file,
    public_base,
)
from aistudio.training.samples import sample_dir

DEPLOYMENT = "export-lora/default"


@dataclass(frozen=True)
class Choice:
    """One file of a version: its format, checkpoint and rank cap (None: the trained rank)."""

    fmt: Format
    step: int
    max_rank: int | None

    def query(self) -> dict[str, str | int]:
        """The download URL's query for this file."""
        found: dict[str, str | int] = {"format": self.fmt, "step": self.step}
        return found | ({"max_rank": self.max_rank} if self.max_rank is not None else {})


def find_version(studio: Studio, name: str, number: int) -> versions.LoraInfo:
    """A model's version by number (the caller owns the model), or NotFound."""
    found = next((v for v in versions.list_loras(studio, name) if v.version == number), None)
    if found is None:
        raise NotFound(f"model {name!r} has no LoRA v{number}; GET .../loras lists its versions")
    return found


def choose(
    info: versions.LoraInfo, fmt: Format | None, step: int | None, max_rank: int | None
) -> Choice:
    """The file a request names, its defaults filled in."""
    return Choice(*export_choice(info, fmt, step, max_rank))


def published(info: versions.LoraInfo, choice: Choice) -> bool:
    """Whether the choice is the version's published file (native format, best step)."""
    native = export_choice(info, None, None, None)
    return info.file is not None and (choice.fmt, choice.step, choice.max_rank) == native


def export_path(studio: Studio, info: versions.LoraInfo, choice: Choice) -> Path:
    """Where the API writes (and later finds) an export of this choice, in the exports folder
    (never over the published file)."""
    return export_file(studio, info.model, info.version, choice.fmt, choice.step, choice.max_rank)


def check_servable(studio: Studio, name: str, info: versions.LoraInfo) -> None:
    """ConsentError unless the version may be exported or served: not withdrawn, its record
    unrevoked, the consent in force covering its dataset."""
    check_not_withdrawn(name, info)
    check_version(studio, name, info)


def check_export(studio: Studio, name: str, info: versions.LoraInfo, choice: Choice) -> None:
    """What export_lora refuses, before a job starts: a withdrawn version, consent not in force,
    a format or checkpoint the version cannot be written as."""
    check_servable(studio, name, info)
    check_choice(name, info, choice.fmt, choice.step, choice.max_rank)


def download_url(request: Request, info: versions.LoraInfo, choice: Choice) -> str:
    """The download route's URL for one file of a version."""
    path = request.url_for("download_lora", name=info.model, version=str(info.version)).path
    return f"{path}?{urlencode(choice.query())}"


def lora_file(
    request: Request, info: versions.LoraInfo, choice: Choice, path: Path, sha: str | None = None
) -> LoraFile:
    """A file's public view (its rank read off its metadata)."""
    meta = file_metadata(path)
    rank = int(meta.get("ss_network_dim") or info.params["rank"])
    return LoraFile(
        url=download_url(request, info, choice),
        format=choice.fmt,
        step=choice.step,
        rank=rank,
        sha256=sha or sha256_file(path),
        size=path.stat().st_size,
    )


def samples(info: versions.LoraInfo, step: int) -> list[Path]:
    """A step's sample images: the trigger's prompts (00.jpg...), then those without it
    (plain-00.jpg...), in the order a training's events number their URLs."""
    return sorted(sample_dir(Path(info.training_dir), step).glob("*.jpg"))


def _sample_url(request: Request, info: versions.LoraInfo, step: int, index: int) -> str:
    return request.url_for(
        "lora_sample", name=info.model, version=str(info.version), step=str(step),
        index=str(index),
    ).path  # fmt: skip


def _at(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def lora_public(request: Request, info: versions.LoraInfo) -> LoraPublic:
    """A version's public view: no server paths, the base named as a shared file names it."""
    checkpoints = [
        CheckpointPublic(
            step=int(step),
            best=int(step) == info.best_step,
            metrics=metrics,
            samples=[
                _sample_url(request, info, int(step), i)
                for i in range(len(samples(info, int(step))))
            ],
        )
        for step, metrics in sorted(info.metrics.items(), key=lambda item: int(item[0]))
    ]
    file = None
    if info.file and info.file_sha256 and info.best_step and Path(info.file).is_file():
        choice = choose(info, None, None, None)
        file = lora_file(request, info, choice, Path(info.file), info.file_sha256)
    return LoraPublic(
        model=info.model, version=info.version, status="done" if info.status == "done" else
        "training", withdrawn=info.withdrawn_at is not None,
        withdrawn_at=_at(info.withdrawn_at), withdrawn_reason=info.withdrawn_reason,
        family=info.family, base=public_base(info.base), base_hash=info.base_hash,
        base_license=info.base_license, consent_hash=info.consent_hash,
        dataset_version=info.dataset_version, dataset_hash=info.dataset_hash,
        params=info.params, steps=info.steps, best_step=info.best_step,
        checkpoints=checkpoints, file=file, created_at=datetime.fromisoformat(info.created_at),
        finished_at=_at(info.finished_at),
    )  # fmt: skip


def spec(name: str, info: versions.LoraInfo, choice: Choice) -> JobSpec:
    """The export-lora flow run that writes a resized file."""
    return JobSpec(
        kind="export",
        deployment=DEPLOYMENT,
        parameters={
            "model": name,
            "version": info.version,
            "format": choice.fmt,
            "step": choice.step,
            "max_rank": choice.max_rank,
        },
    )
