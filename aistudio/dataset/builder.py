"""A build's last step (write and record a version) and the whole build in a row."""

from __future__ import annotations

import json
import logging

from pydantic import BaseModel

from aistudio.core.families import Family
from aistudio.core.fs import sha256_bytes
from aistudio.dataset.candidates import CandidateFile, Pool, gather
from aistudio.dataset.crops import RESOLUTION, Crop, apply_crop
from aistudio.dataset.integrity import IMAGE_HASHES, folder_problem, keep_hashes
from aistudio.dataset.options import DatasetOptions
from aistudio.dataset.report import Tile, contact_sheet, histograms
from aistudio.dataset.scores import ImageScores
from aistudio.dataset.steps import (
    Plan,
    Progress,
    consent_scopes,
    plan_crops,
    score_pool,
    scores_of,
    select_images,
)
from aistudio.dataset.versions import (
    CONTACT_SHEET,
    HISTOGRAMS,
    DatasetInfo,
    find_by_hash,
    next_number,
    show_dataset,
)
from aistudio.dataset.writer import Entry, write_folder
from aistudio.db import queries
from aistudio.db.tables import DatasetItem, DatasetVersion, ProvenanceMark
from aistudio.media.faces import Image
from aistudio.media.images import encode_jpeg, load_stored_image
from aistudio.provenance.marks import new_mark
from aistudio.provenance.stamp import COMPOSITE, Stamp, stamp_image, stamp_png
from aistudio.studio import Studio

logger = logging.getLogger(__name__)


def _public(scores: ImageScores) -> dict[str, object]:
    """The scores a person reads (the 128-d descriptor stays in the store)."""
    return scores.model_dump(exclude={"descriptor"})


class BuildPreview(BaseModel):
    """What a build would use, before any image is scored."""

    options: DatasetOptions  # every option resolved (the model's settings filled in)
    candidates: int
    results: int
    sources: int
    holdout: list[str]  # source photos kept out as identity references


def preview_build(studio: Studio, model: str, options: DatasetOptions) -> BuildPreview:
    """A build's consent, config and candidates checked (user mistakes raise), nothing scored."""
    config = studio.config(model)  # a bad config.json: refused before work
    pool = gather(
        studio,
        model,
        include_sources=options.include_sources,
        holdout=config.dataset.holdout_sources,
        scopes=consent_scopes(studio, model),
    )
    resolved = DatasetOptions(
        max_images=options.max_images or config.dataset.max_images,
        family=options.family or config.family,
        include_sources=options.include_sources,
    )
    results = sum(1 for c in pool.candidates if c.kind == "result")
    return BuildPreview(
        options=resolved,
        candidates=len(pool.candidates),
        results=results,
        sources=len(pool.candidates) - results,
        holdout=pool.holdout,
    )


def build_dataset(
    studio: Studio,
    model: str,
    *,
    max_images: int | None = None,
    family: Family | None = None,
    include_sources: bool = False,
    progress: Progress | None = None,
) -> DatasetInfo:
    """Score the model's accepted results (and sources), choose and crop the best varied set
    for a base family (default: the model's), write it as a new version, or return the
    existing version with the same content."""
    family = family or studio.config(model).family  # a bad config.json: refused before work
    pool = score_pool(studio, model, include_sources=include_sources, progress=progress)
    choice = select_images(studio, model, pool, max_images=max_images)
    plan = plan_crops(studio, model, pool, choice, family=family)
    return write_dataset(studio, model, pool, plan)


def write_dataset(studio: Studio, model: str, pool: Pool, plan: Plan) -> DatasetInfo:
    """Write the plan as the next version (folder, report, rows), or return the version that
    already has its content hash."""
    config = studio.config(model)
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=model)
    existing = find_by_hash(studio, model_id, plan.hash)
    if existing is not None and (studio.home / existing.path / "dataset.json").is_file():
        problem = folder_problem(studio, existing)
        if problem is None:
            logger.info("%s: the same content is dataset v%d", model, existing.number)
            return show_dataset(studio, model, existing.number)
        logger.warning("%s dataset v%d: %s; writing it again", model, existing.number, problem)
    scores = scores_of(studio, model, pool)
    number = existing.number if existing else next_number(studio, model_id)
    paths = studio.paths(model)
    folder = paths.dataset_dir(number)
    entries, tiles = [], []
    for i, item in enumerate(plan.items, 1):
        crop = Crop.from_list(item.crop)
        jpeg, part = training_image(studio, model, model_id, item.source, crop)
        entries.append(Entry(f"{i:03d}.jpg", jpeg, item.caption, crop.bucket))
        detail = in_detail(scores[item.source.file])
        tiles.append(Tile(part, True, short_name(item.source.file), detail))
    for ex in plan.excluded:
        image, _ = load_stored_image(studio.home / ex.file, 400_000_000)
        tiles.append(Tile(image, False, short_name(ex.file), ex.reason))
    report = report_files(
        studio,
        model,
        model_id,
        number,
        tiles,
        [(scores[i.source.file], True) for i in plan.items]
        + [(scores[ex.file], False) for ex in plan.excluded],
    )
    manifest = {
        "model": model,
        "version": number,
        "hash": plan.hash,
        "family": plan.family,
        "trigger": config.trigger,
        "images": [e.name for e in entries],
    }
    write_folder(
        folder,
        entries,
        trigger=config.trigger,
        class_word=config.class_word,
        resolution=RESOLUTION[plan.family],
        manifest=manifest,
        extra=report,
    )
    hashes = {e.name: sha256_bytes(e.jpeg) for e in entries}  # what training checks
    if existing is None:
        _record(studio, paths.rel(folder), model_id, number, plan, pool, scores, hashes)
    else:
        keep_hashes(studio, existing, hashes)
    info = show_dataset(studio, model, number)
    info.new = existing is None
    return info


def report_files(
    studio: Studio,
    model: str,
    model_id: int,
    number: int,
    tiles: list[Tile],
    scored: list[tuple[ImageScores, bool]],
) -> dict[str, bytes]:
    """A version's report: the contact sheet (marked AI-made) and the score histograms."""
    inside = sum(1 for t in tiles if t.included)
    sheet = contact_sheet(
        tiles, f"{model} dataset v{number}: {inside} in, {len(tiles) - inside} out"
    )
    # The sheet shows AI results: it is marked like every other output (XMP, watermark, C2PA).
    mark_id = new_mark(studio, model_id, f"dataset-v{number}", "contact-sheet", "report")
    stamp = Stamp(COMPOSITE, model, f"dataset-v{number}", mark_id)
    return {
        CONTACT_SHEET: stamp_png(sheet, stamp, sign_home=studio.home),
        HISTOGRAMS: histograms(scored, studio.config(model).dataset),
    }


def short_name(file: str) -> str:
    """demo-s1-t002-sfw-enhanced.jpg -> s1-t002-sfw; a source keeps its name."""
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    parts = stem.split("-")
    return "-".join(parts[1:4]) if len(parts) >= 5 else stem


def in_detail(s: ImageScores) -> str:
    return f"sharp {s.sharpness or 0:.0f} id {s.identity_distance or 0:.2f} yaw {s.yaw or 0:.0f}"


def training_image(
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


def _record(
    studio: Studio,
    folder: str,
    model_id: int,
    number: int,
    plan: Plan,
    pool: Pool,
    scores: dict[str, ImageScores],
    hashes: dict[str, str],
) -> None:
    """The version row and one row per candidate, in one transaction."""
    sha = {c.file: c.sha256 for c in pool.candidates}
    with studio.session() as session:
        version = DatasetVersion(
            model_id=model_id,
            number=number,
            content_hash=plan.hash,
            path=folder,
            family=plan.family,
            settings_json=json.dumps(
                {"include_sources": plan.include_sources, IMAGE_HASHES: hashes}
            ),
            holdout_json=json.dumps(plan.holdout),
            included=len(plan.items),
            excluded=len(plan.excluded),
        )
        session.add(version)
        session.flush()
        for i, item in enumerate(plan.items, 1):
            session.add(
                DatasetItem(
                    version_id=version.id or 0,
                    file=item.source.file,
                    sha256=item.source.sha256,
                    included=True,
                    scores_json=json.dumps(_public(scores[item.source.file])),
                    image=f"{i:03d}.jpg",
                    crop_json=json.dumps(item.crop),
                    caption=item.caption,
                )
            )
        for ex in plan.excluded:
            session.add(
                DatasetItem(
                    version_id=version.id or 0,
                    file=ex.file,
                    sha256=sha[ex.file],
                    included=False,
                    reason=ex.reason,
                    detail=ex.detail,
                    scores_json=json.dumps(_public(scores[ex.file])),
                )
            )
