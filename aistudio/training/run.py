"""Train a persona's LoRA from one of its dataset versions: the studio-level call the CLI, the
flow and (later) the API make. The gates (gates.py), the loop (loop.py) with each checkpoint
evaluated (evaluation.py), and publishing the best checkpoint (publish.py)."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from aistudio.consent import audit
from aistudio.core.families import DEFAULT_FAMILY, FAMILIES, SPECS, Family, setting_name
from aistudio.core.naming import encodings_file
from aistudio.dataset.crops import Crop
from aistudio.dataset.versions import DatasetInfo, show_dataset
from aistudio.db import queries
from aistudio.studio import Studio
from aistudio.training import checkpoint, gates, versions
from aistudio.training.data import Box
from aistudio.training.evaluation import Evaluation, Events, sample_spec
from aistudio.training.families import is_file
from aistudio.training.gates import Cleared
from aistudio.training.loop import Progress, Requests, TrainResult, train
from aistudio.training.params import ResolvedParams, TrainParams, resolve
from aistudio.training.publish import best_so_far, publish_once

logger = logging.getLogger(__name__)


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


def train_model(
    studio: Studio,
    persona: str,
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
    requests: Requests | None = None,
    events: Events | None = None,
) -> TrainResult:
    """Train a persona's LoRA on a dataset version (default: the newest), whose captions a
    person reviewed unless told otherwise, on a base whose license allows the persona's use;
    the same inputs again resume the same training. Gates, then the loop with each
    checkpoint evaluated, then publishing. `requests` and `events` connect a watcher (the
    API's job): what it asks for ("sample", "save") and what it is told (checkpoints, samples)."""
    checkpoint.check_keep(keep_checkpoints)
    info = show_dataset(studio, persona, dataset_version)
    params = resolve(params, info.family if info.family in FAMILIES else None)
    parts = base_parts(studio, params.family, base, parts)
    cleared = gates.clear(studio, persona, info, base, parts, unreviewed=unreviewed,
                          base_license=base_license, license_override=license_override)  # fmt: skip
    key = run_key(info.hash, cleared.base_digest, params)
    version_id = versions.open_version(
        studio, persona, run_key=key, dataset_id=cleared.dataset_id, family=params.family,
        base=base, base_hash=cleared.base_digest, base_license=cleared.license,
        params=params.model_dump(), consent_hash=cleared.consent_hash,
    )  # fmt: skip
    number = versions.number_of(studio, version_id)
    _audit_start(studio, persona, number, info, base, cleared)
    out = studio.paths(persona).training_dir(key)
    spec = sample_spec(studio, persona, params)
    judge = Evaluation(studio, persona, info, out, (version_id, number), spec, events)
    made = train(
        base, Path(info.path), out, params, device=device, faces=face_boxes(info),
        cache=encodings_file(studio.home, info.hash, cleared.base_digest, params.size,
                             params.family),
        samples=spec, on_checkpoint=judge, progress=progress, parts=parts,
        keep_checkpoints=keep_checkpoints, best=lambda: best_so_far(studio, persona, number),
        requests=requests, on_samples=judge.on_request,
    )  # fmt: skip
    if made.steps == params.steps:
        publish_once(studio, persona, number, version_id, params.steps)
    return made.model_copy(update={"version": number})


def _audit_start(
    studio: Studio, persona: str, number: int, info: DatasetInfo, base: str, cleared: Cleared
) -> None:
    """The training's start on the record (and, first, that its captions went unreviewed)."""
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=persona)
        if not info.reviewed_by:  # the captions' approval is skipped: that is on the record
            audit.record(session, action="lora.unreviewed", model_id=model_id, version=number,
                         dataset_version=info.version, dataset_hash=info.hash)  # fmt: skip
        audit.record(session, action="lora.train.start", model_id=model_id, version=number,
                     consent_hash=cleared.consent_hash, dataset_version=info.version,
                     dataset_hash=info.hash, base=base,
                     base_hash=cleared.base_digest)  # fmt: skip
