"""A LoRA version as the file people load: kohya-format `.safetensors` (ComfyUI, A1111/Forge,
diffusers) for SD and Flux.1, ComfyUI's native layout for the 2026 families, or diffusers'
own, with the training's metadata, the consent record's hash and the
provenance notice."""

from __future__ import annotations

import json
from pathlib import Path, PureWindowsPath
from typing import Literal

from aistudio.captions.generate import coverage
from aistudio.consent import audit
from aistudio.core.errors import UserError
from aistudio.core.families import SPECS
from aistudio.core.fs import confined_output, sha256_file
from aistudio.dataset.versions import show_dataset
from aistudio.db import outbox, queries
from aistudio.studio import Studio
from aistudio.training import checkpoint, versions
from aistudio.training.consent import check_not_withdrawn, check_version, file_metadata
from aistudio.training.lora_files import (
    MAX_BYTES,
    kohya_metadata,
    load_lora,
    load_text_encoders,
    write_comfyui,
    write_diffusers,
    write_kohya,
)
from aistudio.training.scoring import best_step

Format = Literal["kohya", "comfyui", "diffusers"]


def native_format(family: str) -> Format:
    """The single-file layout a family's LoRAs are published in."""
    return SPECS[family].layout


NOTICE = (
    "Trained by AI Model Studio on images of a consenting adult or a synthetic persona. "
    "Images made with it are AI-generated (IPTC digitalsourcetype trainedAlgorithmicMedia) "
    "and must be marked as such."
)


def lora_file(studio: Studio, model: str, number: int, fmt: Format = "kohya") -> Path:
    """models/<name>/lora/<name>_v<N>.safetensors (or _diffusers.safetensors)."""
    tail = "_diffusers" if fmt == "diffusers" else ""
    return studio.paths(model).root / "lora" / f"{model}_v{number}{tail}.safetensors"


def needs_resize(info: versions.LoraInfo, max_rank: int | None) -> bool:
    """Whether an export at this rank cap lowers the version's trained rank."""
    return max_rank is not None and max_rank < int(info.params["rank"])


def export_choice(
    info: versions.LoraInfo, fmt: Format | None, step: int | None, max_rank: int | None
) -> tuple[Format, int, int | None]:
    """An export's format, step and rank cap, the defaults filled in (a cap at or above the
    trained rank is no cap)."""
    chosen = step or info.best_step or info.steps
    return (
        fmt or native_format(info.family),
        chosen,
        max_rank if needs_resize(info, max_rank) else None,
    )


def export_file(
    studio: Studio, model: str, number: int, fmt: Format, step: int, max_rank: int | None
) -> Path:
    """exports/<model>/<model>_v<N>-step<S>[-rank<R>]-<format>.safetensors: where the API
    writes (and later finds) an export, one file per choice."""
    cap = f"-rank{max_rank}" if max_rank is not None else ""
    name = f"{model}_v{number}-step{step}{cap}-{fmt}.safetensors"
    return confined_output(studio.home, Path(model) / name)


def public_base(base: str) -> str:
    """The base as a shared file names it: a local file's or folder's name only (its path tells
    who and where the user is), a hub id as it is."""
    local = Path(base).expanduser()
    if local.is_absolute() or base.startswith((".", "~")) or "\\" in base or local.exists():
        return PureWindowsPath(base).name or "local base"  # splits on / and \ alike
    return base


def metadata(
    studio: Studio, model: str, info: versions.LoraInfo, step: int, consent_hash: str
) -> dict[str, str]:
    """kohya's ss_* and modelspec keys for a version's checkpoint, plus the studio's own (the
    consent record cited is the one its training checked)."""
    config = studio.config(model)
    params = info.params
    tags = coverage(studio, model, info.dataset_version).tag_frequency
    data = show_dataset(studio, model, info.dataset_version)
    rank = int(params["rank"])
    return kohya_metadata(
        family=info.family,
        rank=rank,
        alpha=float(params.get("alpha") or rank),
        resolution=int(params["resolution"]),
        steps=step,
        trigger=config.trigger,
        title=f"{model} v{info.version}",
        tag_frequency=tags,
        extra={
            "ss_learning_rate": str(params["lr"]),
            "ss_seed": str(params["seed"]),
            "ss_num_train_images": str(len(data.included)),
            "ss_sd_model_name": Path(info.base).name or info.base,
            "ss_new_sd_model_hash": info.base_hash,
            "ss_min_snr_gamma": str(params.get("min_snr_gamma")),
            "ss_noise_offset": str(params.get("noise_offset")),
            "ss_caption_dropout_rate": str(params.get("caption_dropout")),
            "ss_training_comment": NOTICE,
            "modelspec.description": NOTICE,
            "modelspec.usage_hint": f"Use the trigger '{config.trigger}' in the prompt.",
            "aistudio.version": str(info.version),
            "aistudio.step": str(step),
            "aistudio.dataset_version": str(info.dataset_version),
            "aistudio.dataset_hash": info.dataset_hash,
            "aistudio.consent_hash": consent_hash,
            "aistudio.base_model": public_base(info.base),  # with its hash, not where it lives
            "aistudio.base_hash": info.base_hash,
            "aistudio.base_license": info.base_license,
            "modelspec.license": info.base_license,  # a LoRA is used under its base's terms
            "aistudio.params": json.dumps(params, sort_keys=True),
            "aistudio.provenance": NOTICE,
        },
    )


def export_lora(
    studio: Studio,
    model: str,
    version: int | None = None,
    *,
    fmt: Format | None = None,
    step: int | None = None,
    out: Path | None = None,
    max_mb: float | None = None,
    max_rank: int | None = None,
    confined: bool = False,
) -> Path:
    """Write a version's LoRA (its best checkpoint, or `step`) as a file at `out`, in the
    family's native layout unless `fmt` says otherwise; resized (kohya's resize) to `max_mb`
    when given (kohya files: to 100 MB unless given) and to at most `max_rank`. `confined`
    (the API): `out` only inside the studio's exports folder. Refused when the version was
    withdrawn, unless its consent record is unrevoked and the consent in force covers its
    dataset; audited."""
    if out is not None and confined:  # refused before any work
        out = confined_output(studio.home, out)
    info = versions.show_lora(studio, model, version)
    check_not_withdrawn(model, info)
    consent_hash = check_version(studio, model, info)
    path, chosen = _write(studio, model, info, consent_hash, fmt=fmt, step=step, out=out,
                          max_mb=max_mb, max_rank=max_rank)  # fmt: skip
    with studio.session() as session:
        audit.record(session, action="lora.export", model_id=queries.get_model_id(session,
                     name=model), version=info.version, step=chosen, file=str(path),
                     sha256=sha256_file(path), consent_hash=consent_hash,
                     dataset_hash=info.dataset_hash)  # fmt: skip
    return path


def check_choice(
    model: str, info: versions.LoraInfo, fmt: Format | None, step: int | None,
    max_rank: int | None,
) -> tuple[Format, int, Path]:  # fmt: skip
    """An export's format and step, and the checkpoint folder it is made from; UserError for
    a choice the version cannot be written as (checked before a job starts, too)."""
    native = native_format(info.family)
    fmt = fmt or native
    if fmt == "kohya" and native != "kohya":
        raise UserError(
            f"{info.family} LoRAs are written in ComfyUI's layout (--format comfyui, the "
            "default) or diffusers' (--format diffusers); kohya's names do not exist for it"
        )
    chosen = step or info.best_step or info.steps
    folder = checkpoint.step_dir(Path(info.training_dir), chosen)
    if not (folder / "lora.safetensors").is_file():
        have = ", ".join(str(s) for s in checkpoint.steps(Path(info.training_dir))) or "none"
        raise UserError(
            f"{model} LoRA v{info.version} has no checkpoint at step {chosen} (it has: {have})"
        )
    if fmt == "diffusers" and needs_resize(info, max_rank):
        raise UserError(
            f"diffusers files keep the trained rank ({info.params['rank']}); a rank cap takes "
            f"the {native} format"
        )
    return fmt, chosen, folder


def _write(
    studio: Studio,
    model: str,
    info: versions.LoraInfo,
    consent_hash: str,
    *,
    fmt: Format | None,
    step: int | None,
    out: Path | None,
    max_mb: float | None,
    max_rank: int | None = None,
) -> tuple[Path, int]:
    """The file and the checkpoint step it was made from."""
    native = native_format(info.family)
    fmt, chosen, folder = check_choice(model, info, fmt, step, max_rank)
    dest = out or lora_file(studio, model, info.version, fmt)
    if dest.is_dir():
        dest = dest / lora_file(studio, model, info.version, fmt).name
    weights, rank, alpha = load_lora(folder)
    tes = load_text_encoders(folder)
    meta = metadata(studio, model, info, chosen, consent_hash)
    limit = int(max_mb * 1e6) if max_mb else None
    if fmt == "comfyui" and native == "comfyui":
        return write_comfyui(dest, weights, alpha, rank, meta, info.family, limit,
                             max_rank), chosen  # fmt: skip
    if fmt != "diffusers":  # kohya's file is what ComfyUI loads for SD and Flux.1
        return write_kohya(dest, weights, alpha, meta, info.family, limit or MAX_BYTES,
                           text_encoders=tes, max_rank=max_rank), chosen  # fmt: skip
    prefix = SPECS[info.family].diffusers_prefix
    return write_diffusers(dest, weights, rank, alpha, meta, prefix, tes), chosen


def publish(studio: Studio, model: str, number: int, version_id: int, step: int) -> Path:
    """The finished version's best checkpoint as its native file, recorded on the version,
    once the consent is checked again (it may have changed while the training ran)."""
    info = versions.show_lora(studio, model, number)
    consent_hash = check_version(studio, model, info)
    path, _ = _write(studio, model, info, consent_hash, fmt=None, step=step, out=None,
                     max_mb=None)  # fmt: skip
    sha = sha256_file(path)
    versions.finish_version(
        studio, version_id, best_step=step, file=studio.paths(model).rel(path),
        sha256=sha, size=path.stat().st_size,
    )  # fmt: skip
    with studio.session() as session:
        row = queries.get_model(session, name=model)
        audit.record(session, action="lora.train.finish", model_id=row.id, version=number,
                     step=step, file=studio.paths(model).rel(path), sha256=sha,
                     consent_hash=consent_hash, dataset_hash=info.dataset_hash)  # fmt: skip
        outbox.emit(session, row.owner_id, "lora.published", {"model": model, "version": number,
                    "step": step, "sha256": sha, "size": path.stat().st_size,
                    "family": info.family})  # fmt: skip
    return path


def best_so_far(studio: Studio, model: str, number: int) -> int | None:
    """The version's best checkpoint by its scores so far (never pruned)."""
    metrics = versions.show_lora(studio, model, number).metrics
    return best_step(metrics) if metrics else None


def publish_once(studio: Studio, model: str, number: int, version_id: int, steps: int) -> None:
    """Publish a finished version's best checkpoint, unless its file is there and cites the
    consent record its training checked (a rerun of a done training has nothing to do, unless
    that record was revoked since)."""
    lora = versions.show_lora(studio, model, number)
    if lora.file is not None and _cites(Path(lora.file), lora.consent_hash):
        return
    step = best_step(lora.metrics) if lora.metrics else steps
    publish(studio, model, number, version_id, step)


def _cites(path: Path, consent_hash: str | None) -> bool:
    """Whether a published file is there and cites this consent record."""
    try:
        return file_metadata(path).get("aistudio.consent_hash") == consent_hash
    except UserError:  # gone or unreadable: published again
        return False
