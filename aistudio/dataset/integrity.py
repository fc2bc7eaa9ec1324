"""Whether a dataset version's folder still holds what its hash says: the captions in
metadata.jsonl and the image bytes a trainer reads, not a copy someone changed by hand."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import col, select

from aistudio.core.errors import UserError
from aistudio.core.fs import sha256_file
from aistudio.dataset.crops import Crop
from aistudio.dataset.steps import content_hash
from aistudio.db.tables import DatasetItem, DatasetVersion
from aistudio.studio import Studio

IMAGE_HASHES = "image_sha256"  # the settings_json key: each written image's sha256 by name


def _captions(meta: Path) -> dict[str, str] | str:
    """metadata.jsonl's captions by file name, or what is wrong with it."""
    try:
        rows = [json.loads(line) for line in meta.read_text().splitlines() if line.strip()]
        found = {str(r["file_name"]): str(r["text"]) for r in rows}
    except FileNotFoundError:
        return "it has no imagefolder/metadata.jsonl"
    except (ValueError, KeyError, TypeError):
        return "imagefolder/metadata.jsonl is not the one it was written with"
    if len(found) != len(rows):
        return "imagefolder/metadata.jsonl names an image twice"
    return found


def folder_problem(studio: Studio, row: DatasetVersion) -> str | None:
    """What differs between a version's folder and its hash (None: nothing)."""
    folder = studio.home / row.path / "imagefolder"
    with studio.read() as session:
        items = session.exec(
            select(DatasetItem)
            .where(DatasetItem.version_id == row.id, col(DatasetItem.included))
            .order_by(col(DatasetItem.id))
        ).all()
    captions = _captions(folder / "metadata.jsonl")
    if isinstance(captions, str):
        return captions
    names = [i.image or "" for i in items]
    if sorted(captions) != sorted(names):
        return "imagefolder/metadata.jsonl lists other images than the version has"
    digest = content_hash(
        row.family,
        [(i.sha256, Crop.from_list(json.loads(i.crop_json or "[]")), captions[i.image or ""])
         for i in items],
    )  # fmt: skip
    if digest != row.content_hash:
        return "its captions in imagefolder/metadata.jsonl were changed"
    # Versions written before the images' hashes were kept have their captions checked only.
    known: dict[str, str] = json.loads(row.settings_json).get(IMAGE_HASHES, {})
    for name in names:
        if name in known and (
            not (folder / name).is_file() or sha256_file(folder / name) != known[name]
        ):
            return f"its image imagefolder/{name} was changed"
    return None


def check_folder(studio: Studio, model: str, row: DatasetVersion) -> None:
    """Refuse to train on a version whose folder no longer matches its hash."""
    problem = folder_problem(studio, row)
    if problem is not None:
        raise UserError(
            f"{studio.home / row.path}: {problem} since dataset v{row.number} was built "
            f"[rule: training reads what the version's hash says]; rebuild it with "
            f"'aistudio dataset build {model}'"
        )


def keep_hashes(studio: Studio, row: DatasetVersion, hashes: dict[str, str]) -> None:
    """Record the bytes a version's folder was (re)written with."""
    with studio.session() as session:
        found = session.get(DatasetVersion, row.id)
        assert found is not None
        settings = json.loads(found.settings_json)
        found.settings_json = json.dumps({**settings, IMAGE_HASHES: hashes})
        session.add(found)
