"""Build, list and show a model's dataset versions: score, choose, crop, write, record."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence

from pydantic import BaseModel
from sqlmodel import col, select

from aistudio.core.errors import ConsentError, UserError
from aistudio.dataset.candidates import CandidateFile, Pool, gather, score_all
from aistudio.dataset.crops import Crop, Family, apply_crop, plan_crop
from aistudio.dataset.report import Tile, contact_sheet, histograms
from aistudio.dataset.scores import ImageScores
from aistudio.dataset.select import Candidate, Selection, choose
from aistudio.dataset.writer import Entry, write_folder
from aistudio.db import queries
from aistudio.db.tables import DatasetItem, DatasetVersion, ProvenanceMark
from aistudio.media.faces import Image
from aistudio.media.images import encode_jpeg, load_stored_image
from aistudio.provenance.stamp import COMPOSITE, Stamp, stamp_image
from aistudio.studio import Studio

logger = logging.getLogger(__name__)
RESOLUTION = {"sd15": 512, "sdxl": 1024, "flux": 1024}
CONTACT_SHEET, HISTOGRAMS = "report/contact-sheet.png", "report/histograms.png"


class DatasetInfo(BaseModel):
    """A dataset version as `aistudio dataset show --json` prints it."""

    model: str
    version: int
    hash: str
    path: str  # the dataset folder
    contact_sheet: str  # the report's contact sheet (PNG)
    family: str
    new: bool = False  # built now (False: the same content was already a version)
    holdout: list[str] = []
    included: list[dict[str, object]] = []
    excluded: list[dict[str, object]] = []


def _public(scores: ImageScores) -> dict[str, object]:
    """The scores a person reads (the 128-d descriptor stays in the store)."""
    return scores.model_dump(exclude={"descriptor"})


def content_hash(family: str, items: Sequence[tuple[str, Crop, str]]) -> str:
    """Over what a trainer sees: each image's bytes (by hash), its crop and its caption."""
    payload = json.dumps(
        {"family": family, "items": [[sha, crop.to_list(), cap] for sha, crop, cap in items]}
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def build_dataset(
    studio: Studio,
    model: str,
    *,
    max_images: int | None = None,
    family: Family = "sdxl",
    include_sources: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> DatasetInfo:
    """Score the model's accepted results (and sources), choose and crop the best varied set,
    write it as a new version, or return the existing version with the same content."""
    config = studio.config(model)
    rules, thresholds = config.dataset, config.thresholds
    with studio.read() as session:
        db_model = queries.get_model(session, name=model)
        model_id = db_model.id or 0
        consent = queries.current_consent(session, model_id=model_id)
    if consent is None or consent.revoked_at is not None:
        raise ConsentError(f"model {model!r} has no consent in force; a dataset needs one")
    allow_explicit = "nsfw" in consent.scopes.split(",")
    pool = gather(studio, model, include_sources=include_sources, holdout=rules.holdout_sources)
    scores = score_all(studio, pool, thresholds, progress)
    by_key = {c.file: c for c in pool.candidates}
    chosen = choose(
        [Candidate(c.file, s) for c, s in zip(pool.candidates, scores, strict=True)],
        rules,
        thresholds,
        allow_explicit=allow_explicit,
        max_images=max_images,
    )
    caption = f"a photo of {config.trigger}, {config.class_word}"
    plans = []
    for c in chosen.included:
        assert c.scores.face_box is not None  # the rules let no faceless image through
        crop = plan_crop(c.scores.width, c.scores.height, c.scores.face_box, family)
        plans.append((by_key[c.key], c.scores, crop, caption))
    digest = content_hash(family, [(f.sha256, crop, cap) for f, _, crop, cap in plans])
    with studio.read() as session:
        existing = session.exec(
            select(DatasetVersion).where(
                DatasetVersion.model_id == model_id, DatasetVersion.content_hash == digest
            )
        ).first()
    if existing is not None and (studio.home / existing.path / "dataset.json").is_file():
        logger.info("%s: the same content is dataset v%d", model, existing.number)
        return show_dataset(studio, model, existing.number)
    number = existing.number if existing else _next_number(studio, model_id)
    paths = studio.paths(model)
    folder = paths.dataset_dir(number)
    entries, tiles = [], []
    for i, (f, s, crop, cap) in enumerate(plans, 1):
        jpeg, part = _image(studio, model, model_id, f, crop)
        entries.append(Entry(f"{i:03d}.jpg", jpeg, cap))
        tiles.append(Tile(part, True, _short(f.file), _in_detail(s)))
    for c, reason, _ in chosen.excluded:
        image, _ = load_stored_image(studio.home / c.key, 400_000_000)
        tiles.append(Tile(image, False, _short(c.key), reason))
    report = {
        CONTACT_SHEET: contact_sheet(
            tiles, f"{model} dataset v{number}: {len(entries)} in, {len(chosen.excluded)} out"
        ),
        HISTOGRAMS: histograms(
            [(s, True) for _, s, _, _ in plans]
            + [(c.scores, False) for c, _, _ in chosen.excluded],
            rules,
        ),
    }
    manifest = {
        "model": model,
        "version": number,
        "hash": digest,
        "family": family,
        "trigger": config.trigger,
        "images": [e.name for e in entries],
    }
    write_folder(
        folder,
        entries,
        trigger=config.trigger,
        class_word=config.class_word,
        resolution=RESOLUTION[family],
        manifest=manifest,
        extra=report,
    )
    if existing is None:
        _record(studio, paths.rel(folder), model_id, number, digest, family, pool, chosen, plans)
    info = show_dataset(studio, model, number)
    info.new = existing is None
    return info


def _short(file: str) -> str:
    """demo-s1-t002-sfw-enhanced.jpg -> s1-t002-sfw; a source keeps its name."""
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    parts = stem.split("-")
    return "-".join(parts[1:4]) if len(parts) >= 5 else stem


def _in_detail(s: ImageScores) -> str:
    return f"sharp {s.sharpness or 0:.0f} id {s.identity_distance or 0:.2f} yaw {s.yaw or 0:.0f}"


def _image(
    studio: Studio, model: str, model_id: int, f: CandidateFile, crop: Crop
) -> tuple[bytes, Image]:
    """The cropped JPEG and its pixels; a result is marked AI-made again (a crop loses the old
    watermark)."""
    image, _ = load_stored_image(studio.home / f.file, 400_000_000)
    part = apply_crop(image, crop)
    if f.kind != "result":
        return encode_jpeg(part, 95), part  # a consented source photo is not AI-made
    with studio.session() as session:
        mark = ProvenanceMark(
            model_id=model_id, run_id=f.run_id or "", pair=f.pair or "", stage="dataset"
        )
        session.add(mark)
        session.flush()
        assert mark.id is not None
        mark_id = mark.id
    stamp = Stamp(COMPOSITE, model, f.run_id or "", mark_id)
    return stamp_image(part, stamp, quality=95, sign_home=studio.home), part


def _next_number(studio: Studio, model_id: int) -> int:
    with studio.read() as session:
        last = session.exec(
            select(DatasetVersion.number)
            .where(DatasetVersion.model_id == model_id)
            .order_by(col(DatasetVersion.number).desc())
        ).first()
    return (last or 0) + 1


def _record(
    studio: Studio,
    folder: str,
    model_id: int,
    number: int,
    digest: str,
    family: str,
    pool: Pool,
    chosen: Selection,
    plans: Sequence[tuple[CandidateFile, ImageScores, Crop, str]],
) -> None:
    """The version row and one row per candidate, in one transaction."""
    sha = {c.file: c.sha256 for c in pool.candidates}
    with studio.session() as session:
        version = DatasetVersion(
            model_id=model_id,
            number=number,
            content_hash=digest,
            path=folder,
            family=family,
            settings_json=json.dumps(
                {"include_sources": any(f.kind == "source" for f in pool.candidates)}
            ),
            holdout_json=json.dumps(pool.holdout),
            included=len(plans),
            excluded=len(chosen.excluded),
        )
        session.add(version)
        session.flush()
        for i, (f, scores, crop, caption) in enumerate(plans, 1):
            session.add(
                DatasetItem(
                    version_id=version.id or 0,
                    file=f.file,
                    sha256=f.sha256,
                    included=True,
                    scores_json=json.dumps(_public(scores)),
                    image=f"{i:03d}.jpg",
                    crop_json=json.dumps(crop.to_list()),
                    caption=caption,
                )
            )
        for c, reason, detail in chosen.excluded:
            session.add(
                DatasetItem(
                    version_id=version.id or 0,
                    file=c.key,
                    sha256=sha[c.key],
                    included=False,
                    reason=reason,
                    detail=detail,
                    scores_json=json.dumps(_public(c.scores)),
                )
            )


def list_datasets(studio: Studio, model: str) -> list[DatasetVersion]:
    """A model's dataset versions, oldest first."""
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=model)
        return list(
            session.exec(
                select(DatasetVersion)
                .where(DatasetVersion.model_id == model_id)
                .order_by(col(DatasetVersion.number))
            ).all()
        )


def show_dataset(studio: Studio, model: str, version: int | None = None) -> DatasetInfo:
    """One version (default: the newest) with every item, in or out."""
    versions = list_datasets(studio, model)
    if not versions:
        raise UserError(f"model {model!r} has no datasets; build one with 'aistudio dataset build'")
    row = (
        versions[-1]
        if version is None
        else next((v for v in versions if v.number == version), None)
    )
    if row is None:
        have = ", ".join(f"v{v.number}" for v in versions)
        raise UserError(f"model {model!r} has no dataset v{version} (it has {have})")
    with studio.read() as session:
        items = session.exec(
            select(DatasetItem)
            .where(DatasetItem.version_id == row.id)
            .order_by(col(DatasetItem.id))
        ).all()
    info = DatasetInfo(
        model=model,
        version=row.number,
        hash=row.content_hash,
        path=str(studio.home / row.path),
        contact_sheet=str(studio.home / row.path / CONTACT_SHEET),
        family=row.family,
        holdout=json.loads(row.holdout_json),
    )
    for it in items:
        entry: dict[str, object] = {"file": it.file, "scores": json.loads(it.scores_json)}
        if it.included:
            entry.update(
                image=it.image, crop=json.loads(it.crop_json or "null"), caption=it.caption
            )
            info.included.append(entry)
        else:
            entry.update(reason=it.reason, detail=it.detail)
            info.excluded.append(entry)
    return info
