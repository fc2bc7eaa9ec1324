"""A person's keep/reject of single images: a new dataset version, the automatic choice kept
beside the person's on every item they overrode."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from pydantic import BaseModel, Field

from aistudio.consent import audit
from aistudio.core.errors import ConsentError, ImageRejected, UserError, printable
from aistudio.core.fs import sha256_bytes
from aistudio.core.naming import CATEGORIES, pair_category
from aistudio.dataset.builder import in_detail, report_files, short_name, training_image
from aistudio.dataset.candidates import CandidateFile, Pool, gather, score_all
from aistudio.dataset.crops import RESOLUTION, Crop, plan_crop
from aistudio.dataset.integrity import IMAGE_HASHES, folder_problem, keep_hashes
from aistudio.dataset.report import Tile
from aistudio.dataset.scores import ImageScores
from aistudio.dataset.steps import consent_scopes, content_hash, template_caption
from aistudio.dataset.versions import (
    OVERRIDDEN_FROM,
    DatasetInfo,
    find_by_hash,
    items_of,
    next_number,
    show_dataset,
    version_row,
)
from aistudio.dataset.writer import Entry, write_folder
from aistudio.db.tables import DatasetItem, DatasetVersion
from aistudio.media.images import load_stored_image
from aistudio.studio import Studio

logger = logging.getLogger(__name__)

OVERRIDE = "override"  # the reason of an image a person took out
MAX_REASON_CHARS = 500


class Change(BaseModel, frozen=True):
    """One image a person keeps in or takes out of a version, and why."""

    file: str = Field(
        min_length=1, max_length=500, description="The candidate: its stored path or file name"
    )
    keep: bool = Field(description="true: train on it; false: leave it out")
    reason: str = Field(min_length=1, max_length=MAX_REASON_CHARS, description="Why")


@dataclass
class _Item:
    """One item of the version being written: the base's row as it will be in the new one."""

    row: DatasetItem  # a copy, not attached to any session
    jpeg: bytes | None = None  # included: the training image (the base's bytes when kept)
    crop: Crop | None = None
    changed: bool = False  # overridden by this change


def _resolve(
    base: DatasetVersion, items: list[DatasetItem], changes: Sequence[Change]
) -> dict[int, Change]:
    """Each change's item (by stored path or file name), by item id; unknown or twice: refused."""
    out: dict[int, Change] = {}
    for change in changes:
        reason = change.reason.strip()
        if not reason or not reason.isprintable():
            raise UserError(
                f"{printable(change.file)}: give a reason of printable characters "
                "[rule: an override says why]"
            )
        found = [i for i in items if change.file in (i.file, i.file.rsplit("/", 1)[-1])]
        if len(found) != 1:
            why = "no candidate" if not found else "more than one candidate"
            raise UserError(
                f"dataset v{base.number} has {why} named {printable(change.file)!r}; "
                "give a file as the version lists it"
            )
        item_id = found[0].id or 0
        if item_id in out:
            raise UserError(f"{printable(change.file)} is given twice; keep or reject it once")
        out[item_id] = change.model_copy(update={"reason": reason})
    return out


def _candidates(studio: Studio, model: str, base: DatasetVersion) -> Pool:
    """What a build could use now, in every category (the consent's scopes are checked per
    image, so a refusal can name that rule)."""
    settings = json.loads(base.settings_json)
    return gather(
        studio,
        model,
        include_sources=bool(settings.get("include_sources")),
        holdout=studio.config(model).dataset.holdout_sources,
        scopes=CATEGORIES,
    )


def _put_back(
    studio: Studio, model: str, pool: Pool, item: DatasetItem, scopes: list[str]
) -> tuple[CandidateFile, ImageScores]:
    """The candidate and its scores now, for an excluded image a person puts back; refused
    when it has no face or the consent in force does not cover it."""
    name = short_name(item.file)
    found = next((c for c in pool.candidates if c.file == item.file), None)
    if found is None or found.sha256 != item.sha256:
        raise UserError(
            f"{name}: no longer a candidate (its file changed or is gone, or it is held out as "
            "an identity reference) [rule: candidates]; build a new dataset instead"
        )
    category = pair_category(found.pair) if found.pair else None
    if category is not None and category not in scopes:
        raise ConsentError(
            f"{name}: {category} is outside the consent in force [rule: consent scope]"
        )
    one = Pool(
        candidates=[found],
        references=pool.references,
        holdout=pool.holdout,
        include_sources=pool.include_sources,
    )
    (scores,) = score_all(studio, one, studio.config(model).thresholds)
    if scores.face_box is None:
        raise ImageRejected(name, "no_face", "no face found; a training image needs one")
    if scores.explicit and "nsfw" not in scopes:
        raise ConsentError(
            f"{name}: explicit content, and the consent in force lacks the nsfw scope "
            "[rule: nsfw_scope]"
        )
    return found, scores


def _copy(item: DatasetItem, **changes: object) -> DatasetItem:
    data = item.model_dump(exclude={"id", "version_id"})
    data.update(changes)
    return DatasetItem(version_id=0, **data)


def override_dataset(
    studio: Studio, model: str, version: int, changes: Sequence[Change], *, actor: str
) -> DatasetInfo:
    """Write a version's images with a person's keeps and rejects as the next version (or
    return the version that already has that content). Kept images keep their crop (and
    captions, when the base is captioned); one put back is cropped as a build crops it."""
    if not changes:
        raise UserError("give at least one image to keep or reject")
    scopes = consent_scopes(studio, model)  # no consent in force: refused
    config = studio.config(model)
    base = version_row(studio, model, version)
    items = items_of(studio, base)
    chosen = _resolve(base, items, changes)
    captioned = base.captioner is not None
    caption = template_caption(config.trigger, config.class_word)
    pool = (
        _candidates(studio, model, base)
        if any(c.keep and not i.included for i in items if (c := chosen.get(i.id or 0)))
        else None
    )
    kept: list[_Item] = []
    out: list[_Item] = []
    fresh: dict[str, CandidateFile] = {}
    for item in items:
        change = chosen.get(item.id or 0)
        text = item.caption if captioned else caption
        if change is None or change.keep == item.included:  # as it was (its own overrides too)
            if item.included:
                crop = Crop.from_list(json.loads(item.crop_json or "[]"))
                kept.append(_Item(_copy(item, caption=text), crop=crop))
            else:
                out.append(_Item(_copy(item)))
            continue
        auto = item.auto_included if item.auto_included is not None else item.included
        marks = {"auto_included": auto, "override_by": actor, "override_reason": change.reason}
        if change.keep:  # put back: cropped as a build crops it
            assert pool is not None
            candidate, scores = _put_back(studio, model, pool, item, scopes)
            assert scores.face_box is not None
            crop = plan_crop(scores.width, scores.height, scores.face_box, base.family)  # type: ignore[arg-type]
            fresh[item.file] = candidate
            row = _copy(
                item,
                included=True,
                reason=None,
                detail=None,
                crop_json=json.dumps(crop.to_list()),
                caption=caption,
                scores_json=scores.model_dump_json(exclude={"descriptor"}),
                **marks,
            )
            kept.append(_Item(row, crop=crop, changed=True))
        else:  # taken out by a person
            row = _copy(
                item, included=False, reason=OVERRIDE, detail=change.reason, image=None,
                crop_json=None, caption=None, **marks,
            )  # fmt: skip
            out.append(_Item(row, changed=True))
    if not kept:
        raise UserError(f"dataset v{base.number}: nothing would be left to train on")
    digest = content_hash(
        base.family, [(k.row.sha256, k.crop, k.row.caption or "") for k in kept if k.crop]
    )
    existing = find_by_hash(studio, base.model_id, digest)
    if existing is not None and (studio.home / existing.path / "dataset.json").is_file():
        problem = folder_problem(studio, existing)
        if problem is None:
            logger.info("%s: the same content is dataset v%d", model, existing.number)
            return show_dataset(studio, model, existing.number)
        logger.warning("%s dataset v%d: %s; writing it again", model, existing.number, problem)
    number = existing.number if existing else next_number(studio, base.model_id)
    src = studio.home / base.path / "imagefolder"
    tiles: list[Tile] = []
    scored: list[tuple[ImageScores, bool]] = []
    for n, k in enumerate(kept, 1):
        assert k.crop is not None
        if k.row.file in fresh:
            k.jpeg, part = training_image(studio, model, base.model_id, fresh[k.row.file], k.crop)
        else:
            k.jpeg = (src / (k.row.image or "")).read_bytes()  # the very bytes trained before
            part = np.asarray(cv2.imdecode(np.frombuffer(k.jpeg, np.uint8), cv2.IMREAD_COLOR))
        k.row.image = f"{n:03d}.jpg"
        s = ImageScores.model_validate_json(k.row.scores_json)
        tiles.append(Tile(part, True, short_name(k.row.file), in_detail(s)))
        scored.append((s, True))
    for k in out:
        s = ImageScores.model_validate_json(k.row.scores_json)
        scored.append((s, False))
        if (studio.home / k.row.file).is_file():  # a deleted original has no tile
            image, _ = load_stored_image(studio.home / k.row.file, 400_000_000)
            tiles.append(Tile(image, False, short_name(k.row.file), k.row.reason or ""))
    entries = [
        Entry(k.row.image or "", k.jpeg or b"", k.row.caption or "", k.crop.bucket)
        for k in kept
        if k.crop is not None
    ]
    folder = studio.paths(model).dataset_dir(number)
    write_folder(
        folder,
        entries,
        trigger=config.trigger,
        class_word=config.class_word,
        resolution=RESOLUTION.get(base.family, 1024),
        manifest={
            "model": model,
            "version": number,
            "hash": digest,
            "family": base.family,
            "trigger": config.trigger,
            OVERRIDDEN_FROM: base.number,
            "images": [e.name for e in entries],
        },
        extra=report_files(studio, model, base.model_id, number, tiles, scored),
    )
    hashes = {e.name: sha256_bytes(e.jpeg) for e in entries}
    if existing is None:
        _record(studio, base, number, digest, studio.paths(model).rel(folder), kept + out, hashes,
                captioned=captioned, actor=actor)  # fmt: skip
    else:
        keep_hashes(studio, existing, hashes)
    info = show_dataset(studio, model, number)
    info.new = existing is None
    return info


def _record(
    studio: Studio,
    base: DatasetVersion,
    number: int,
    digest: str,
    path: str,
    items: list[_Item],
    hashes: dict[str, str],
    *,
    captioned: bool,
    actor: str,
) -> None:
    """The version row, its items and the audit entry, in one transaction."""
    settings = json.loads(base.settings_json)
    inside = sum(1 for i in items if i.row.included)
    with studio.session() as session:
        row = DatasetVersion(
            model_id=base.model_id,
            number=number,
            content_hash=digest,
            path=path,
            family=base.family,
            settings_json=json.dumps(
                {**settings, IMAGE_HASHES: hashes, OVERRIDDEN_FROM: base.number}
            ),
            holdout_json=base.holdout_json,
            included=inside,
            excluded=len(items) - inside,
            captioner=base.captioner if captioned else None,
        )
        session.add(row)
        session.flush()
        for item in items:
            item.row.version_id = row.id or 0
            session.add(item.row)
        audit.record(
            session,
            action="dataset.override",
            model_id=base.model_id,
            actor=actor,
            dataset_version=number,
            base_version=base.number,
            keep=[i.row.file for i in items if i.changed and i.row.included],
            reject=[i.row.file for i in items if i.changed and not i.row.included],
            reason=sorted({i.row.override_reason or "" for i in items if i.changed}),
        )
