"""Train a model's LoRA from one of its dataset versions: the studio-level call the CLI, the
flow and (later) the API make. It checks consent and review, records the LoRA version, draws
and scores each checkpoint's samples, and exports the best checkpoint when done."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from aistudio.consent import audit
from aistudio.core.errors import UserError
from aistudio.core.families import DEFAULT_FAMILY, FAMILIES, SPECS, Family, setting_name
from aistudio.core.naming import encodings_file
from aistudio.dataset.crops import Crop
from aistudio.dataset.integrity import check_folder
from aistudio.dataset.versions import DatasetInfo, find_by_hash, show_dataset
from aistudio.db import queries
from aistudio.media.images import load_stored_image
from aistudio.studio import Studio
from aistudio.training import checkpoint, versions
from aistudio.training.consent import check_dataset, file_metadata
from aistudio.training.data import Box
from aistudio.training.families import is_file
from aistudio.training.fingerprint import base_hash
from aistudio.training.license import BaseLicense, check_license, find_license
from aistudio.training.loop import Progress, TrainResult, train
from aistudio.training.params import (
    ResolvedParams,
    SampleSpec,
    TrainParams,
    plain_prompts,
    resolve,
    sample_prompts,
)
from aistudio.training.publish import publish
from aistudio.training.samples import write_samples
from aistudio.training.scoring import (
    Descriptor,
    best_step,
    bleed,
    descriptors,
    score_samples,
)

logger = logging.getLogger(__name__)
MAX_PIXELS = 400_000_000


def default_base(studio: Studio, family: str) -> str:
    """The base the settings name for a family (AISTUDIO_SD15_BASE, AISTUDIO_ZIMAGE_BASE...)."""
    return str(getattr(studio.settings, setting_name(family)))


def dataset_family(studio: Studio, model: str, dataset_version: int | None) -> Family:
    """The family a dataset version's crops were made for: what it trains by default."""
    family = show_dataset(studio, model, dataset_version).family
    return family if family in FAMILIES else DEFAULT_FAMILY


def base_parts(studio: Studio, family: str, base: str, parts: str | None) -> str | None:
    """Where a single-file transformer's other parts come from: as given, else the family's
    configured base (a folder or hub id), else its hub id; None for other bases."""
    if SPECS[family].unet or not is_file(base):
        return None
    if parts:
        return parts
    configured = default_base(studio, family)
    return configured if not is_file(configured) else SPECS[family].base


def run_key(dataset_hash: str, base_digest: str, params: ResolvedParams) -> str:
    """What identifies a training: its data, base and parameters (a rerun resumes it)."""
    blob = json.dumps([dataset_hash, base_digest, params.model_dump()], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def face_boxes(info: DatasetInfo) -> dict[str, Box]:
    """Each dataset image's face box as shares of its width and height."""
    out: dict[str, Box] = {}
    for item in info.included:
        scores, crop = item["scores"], item.get("crop")
        assert isinstance(scores, dict)
        box = scores.get("face_box")
        if not box or not isinstance(crop, list):
            continue
        c = Crop.from_list(crop)
        x, y, w, h = box
        out[str(item["image"])] = ((x - c.x) / c.w, (y - c.y) / c.h, w / c.w, h / c.h)
    return out


def _check_license(
    studio: Studio,
    model: str,
    found: dict[str, BaseLicense],
    *,
    commercial: bool,
    override: bool,
) -> None:
    """Stop a commercial model on a base (or parts) whose license is not known to allow that,
    unless overridden; an override, or a license the user gave, is audited."""
    audited = [
        (base, lic) for base, lic in found.items()
        if check_license(lic, base, commercial=commercial, override=override)
    ]  # fmt: skip
    with studio.session() as session:
        for base, lic in audited:
            audit.record(
                session, action="license_override", model_id=queries.get_model_id(session,
                name=model), base=base, license=lic.license, source=lic.source, given=lic.given,
                override=override, commercial=commercial,
            )  # fmt: skip


def _license_of(licenses: dict[str, BaseLicense]) -> str:
    """The license a LoRA is used under: its base's, and its parts' when they differ."""
    names = list(dict.fromkeys(lic.license for lic in licenses.values()))
    return names[0] + "".join(f"; parts: {n}" for n in names[1:])


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
    base_license: str | None = None,
    license_override: bool = False,
    parts: str | None = None,
    keep_checkpoints: int = checkpoint.KEEP,
) -> TrainResult:
    """Train on a dataset version (default: the newest), whose captions a person reviewed
    unless told otherwise, on a base whose license allows the model's use; the same inputs
    again resume the same training."""
    checkpoint.check_keep(keep_checkpoints)
    info = show_dataset(studio, model, dataset_version)
    params = resolve(params, info.family if info.family in FAMILIES else None)
    if not info.reviewed_by and not unreviewed:
        raise UserError(
            f"{model} dataset v{info.version} has captions nobody reviewed: review them "
            f"('aistudio captions edit {model}', then 'aistudio captions approve {model}') "
            "or train with --unreviewed"
        )
    consent_hash = check_dataset(studio, model, info)
    with studio.read() as session:
        row = find_by_hash(studio, queries.get_model_id(session, name=model), info.hash)
    assert row is not None and row.id is not None
    check_folder(studio, model, row)  # the captions and images read below are the version's
    config = studio.config(model)
    found = find_license(base, base_license)
    parts = base_parts(studio, params.family, base, parts)
    licenses = {base: found} | ({parts: find_license(parts)} if parts else {})
    _check_license(studio, model, licenses, commercial=config.commercial,
                   override=license_override)  # fmt: skip
    hashes = studio.home / "cache" / "base-hashes.json"
    digest = base_hash(base, hashes)
    if parts:  # a single-file transformer: its text encoder and VAE decide the result too
        digest = hashlib.sha256(f"{digest}|{base_hash(parts, hashes)}".encode()).hexdigest()
    key = run_key(info.hash, digest, params)
    version_id = versions.open_version(
        studio, model, run_key=key, dataset_id=row.id, family=params.family, base=base,
        base_hash=digest, base_license=_license_of(licenses), params=params.model_dump(),
        consent_hash=consent_hash,
    )  # fmt: skip
    number = versions.number_of(studio, version_id)
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=model)
        if not info.reviewed_by:  # the captions' approval is skipped: that is on the record
            audit.record(session, action="lora.unreviewed", model_id=model_id, version=number,
                         dataset_version=info.version, dataset_hash=info.hash)  # fmt: skip
        audit.record(session, action="lora.train.start", model_id=model_id, version=number,
                     consent_hash=consent_hash, dataset_version=info.version,
                     dataset_hash=info.hash, base=base, base_hash=digest)  # fmt: skip
    out = studio.paths(model).training_dir(key)
    detector = studio.detector(config.thresholds)
    min_score = config.thresholds.min_face_score
    refs: dict[str, list[Descriptor]] = {}

    def references() -> dict[str, list[Descriptor]]:
        """The held-out photos' and training images' faces, measured once per run."""
        if not refs:
            held = info.holdout or [str(p) for p in _sources(studio, model)]
            refs["held"] = _found(descriptors(_images(studio.home, held), detector, min_score))
            folder = Path(info.path) / "imagefolder"
            names = [str(i["image"]) for i in info.included]
            images = _images(folder, names)
            refs["train"] = _found(descriptors(images, detector, min_score))
        return refs

    def on_checkpoint(step: int, path: Path, loss: float, drawn: list[Any]) -> None:
        metrics: dict[str, float | None] = {"loss": loss}
        if drawn and spec is not None:
            n = len(drawn) - spec.plain
            persona = [d[..., ::-1].copy() for d in drawn[:n]]  # BGR, as the studio's images
            plain = [d[..., ::-1].copy() for d in drawn[n:]]
            run = f"lora-v{number}"
            write_samples(studio, model, out, step, drawn[:n], run=run)
            write_samples(studio, model, out, step, drawn[n:], run=run, prefix="plain-")
            known = references()
            found = descriptors(persona, detector, min_score)
            metrics.update(score_samples(found, known["held"], known["train"]).as_metrics())
            metrics["bleed"] = bleed(descriptors(plain, detector, min_score), known["held"])
            clip = studio.aesthetic()  # the configured CLIP, if any: prompt fidelity
            if clip is not None:
                fidelity = clip.prompt_similarity(persona, spec.prompts[:n])
                metrics["clip"] = sum(fidelity) / len(fidelity)
        versions.record_checkpoint(studio, version_id, step, metrics)

    spec = None
    if params.samples:
        plain = min(2, params.samples)
        spec = SampleSpec(
            prompts=sample_prompts(config.trigger, config.class_word, params.samples)
            + plain_prompts(config.class_word, plain),
            seeds=[1000 + i for i in range(params.samples)] + [2000 + i for i in range(plain)],
            steps=params.sample_steps,
            size=params.size,
            plain=plain,
        )
    made = train(
        base, Path(info.path), out, params, device=device, faces=face_boxes(info),
        cache=encodings_file(studio.home, info.hash, digest, params.size, params.family),
        samples=spec, on_checkpoint=on_checkpoint, progress=progress, parts=parts,
        keep_checkpoints=keep_checkpoints, best=lambda: _best(studio, model, number),
    )  # fmt: skip
    lora = versions.show_lora(studio, model, number)
    # A rerun of a done one has nothing to do, unless its file cites a record revoked since.
    published = lora.file is not None and _cites(Path(lora.file), lora.consent_hash)
    if made.steps == params.steps and not published:
        step = best_step(lora.metrics) if lora.metrics else params.steps
        publish(studio, model, number, version_id, step)
    return made.model_copy(update={"version": number})


def _best(studio: Studio, model: str, number: int) -> int | None:
    """The version's best checkpoint by its scores so far (never pruned)."""
    metrics = versions.show_lora(studio, model, number).metrics
    return best_step(metrics) if metrics else None


def _cites(path: Path, consent_hash: str | None) -> bool:
    """Whether a published file is there and cites this consent record."""
    try:
        return file_metadata(path).get("aistudio.consent_hash") == consent_hash
    except UserError:  # gone or unreadable: published again
        return False


def _found(items: list[Descriptor | None]) -> list[Descriptor]:
    return [d for d in items if d is not None]


def _images(root: Path, names: list[str]) -> list[Any]:
    return [load_stored_image(root / n, MAX_PIXELS)[0] for n in names if (root / n).is_file()]


def _sources(studio: Studio, model: str) -> list[str]:
    """The model's source photos, relative to the studio home."""
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=model)
        return [p.path for p in queries.list_photos(session, model_id=model_id, role="source")]
