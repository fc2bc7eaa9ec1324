"""A version with new captions: the parent's images and crops, so only the captions differ."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from aistudio.consent import audit
from aistudio.core.errors import UserError
from aistudio.core.fs import sha256_bytes
from aistudio.dataset.crops import RESOLUTION, Crop
from aistudio.dataset.integrity import folder_problem, keep_hashes
from aistudio.dataset.steps import content_hash
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
from aistudio.db.tables import CaptionEdit, DatasetItem, DatasetVersion, utcnow
from aistudio.studio import Studio

REPORT = ("report/contact-sheet.png", "report/histograms.png")


def derive_version(
    studio: Studio,
    model: str,
    parent: DatasetVersion,
    captions: Mapping[str, str],
    *,
    source: str,
    author: str,
    reviewed: bool = False,
) -> DatasetInfo:
    """Write the parent with these captions (by image name; the rest keep theirs) as a new
    version, logging every caption given; the same content returns the version that has it."""
    config = studio.config(model)
    items = [i for i in items_of(studio, parent) if i.included and i.image and i.crop_json]
    unknown = set(captions) - {i.image for i in items}
    if unknown:
        raise UserError(f"dataset v{parent.number} has no image {', '.join(sorted(unknown))}")
    text = {i.image: captions.get(i.image or "", i.caption or "") for i in items}
    digest = content_hash(
        parent.family,
        [(i.sha256, Crop.from_list(json.loads(i.crop_json or "[]")), text[i.image]) for i in items],
    )
    existing = find_by_hash(studio, parent.model_id, digest)
    if (
        existing is not None
        and (studio.home / existing.path / "dataset.json").is_file()
        and folder_problem(studio, existing) is None  # else: written again
    ):
        if reviewed:
            approve_version(studio, existing, author)
        return show_dataset(studio, model, existing.number)
    number = existing.number if existing else next_number(studio, parent.model_id)
    dest = studio.paths(model).dataset_dir(number)
    src = studio.home / parent.path
    entries = [_entry(src, i, text[i.image]) for i in items]
    write_folder(
        dest,
        entries,
        trigger=config.trigger,
        class_word=config.class_word,
        resolution=RESOLUTION.get(parent.family, 1024),
        manifest={
            "model": model,
            "version": number,
            "hash": digest,
            "family": parent.family,
            "trigger": config.trigger,
            "captioned_from": parent.number,
            "captioner": source,
            "images": [i.image for i in items],
        },
        extra={rel: (src / rel).read_bytes() for rel in REPORT if (src / rel).is_file()},
    )
    if existing is None:
        _record(studio, parent, number, digest, studio.paths(model).rel(dest), text, source, author)
    row = version_row(studio, model, number)
    keep_hashes(studio, row, {e.name: sha256_bytes(e.jpeg) for e in entries})
    if reviewed:
        approve_version(studio, row, author)
    info = show_dataset(studio, model, number)
    info.new = existing is None
    return info


def _entry(src: Path, item: DatasetItem, caption: str) -> Entry:
    """The parent's very bytes with the new caption."""
    image = item.image or ""
    size = Crop.from_list(json.loads(item.crop_json or "[]")).bucket
    return Entry(image, (src / "imagefolder" / image).read_bytes(), caption, size)


def _record(
    studio: Studio,
    parent: DatasetVersion,
    number: int,
    digest: str,
    path: str,
    text: Mapping[str | None, str],
    source: str,
    author: str,
) -> None:
    """The new version, its items (the parent's with the new captions) and the caption log."""
    items = items_of(studio, parent)
    with studio.session() as session:
        row = DatasetVersion(
            model_id=parent.model_id,
            number=number,
            content_hash=digest,
            path=path,
            family=parent.family,
            # Its own origin is the parent's captions, not the parent's override.
            settings_json=json.dumps(
                {k: v for k, v in json.loads(parent.settings_json).items() if k != OVERRIDDEN_FROM}
            ),
            holdout_json=parent.holdout_json,
            included=parent.included,
            excluded=parent.excluded,
            parent_id=parent.id,
            captioner=source,
        )
        session.add(row)
        session.flush()
        for item in items:
            caption = text.get(item.image, item.caption) if item.included else item.caption
            session.add(
                DatasetItem(
                    version_id=row.id or 0,
                    file=item.file,
                    sha256=item.sha256,
                    included=item.included,
                    reason=item.reason,
                    detail=item.detail,
                    scores_json=item.scores_json,
                    image=item.image,
                    crop_json=item.crop_json,
                    caption=caption,
                )
            )
            if item.included and item.image and caption != item.caption:
                session.add(
                    CaptionEdit(
                        version_id=row.id or 0,
                        image=item.image,
                        caption=caption or "",
                        previous=item.caption,
                        source=source,
                        author=author,
                    )
                )


def approve_version(studio: Studio, row: DatasetVersion, author: str) -> None:
    """Mark a version's captions reviewed (its content does not change, so neither does it)."""
    with studio.session() as session:
        fresh = session.get(DatasetVersion, row.id)
        assert fresh is not None
        if fresh.reviewed_by is None:
            fresh.reviewed_by, fresh.reviewed_at = author, utcnow()
            session.add(fresh)
            # Approval is what lets training use these images and captions: who, which version.
            audit.record(
                session,
                action="captions.approve",
                model_id=fresh.model_id,
                actor=author,
                dataset_version=fresh.number,
                dataset_hash=fresh.content_hash,
            )
