"""Models on disk: create them and import photos (copies; originals are never touched)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from aistudio.core.config import ModelConfig, save_model_config
from aistudio.core.errors import ConfigError, ImageRejected, UserError
from aistudio.core.fs import atomic_write_bytes, confined_input, sha256_bytes
from aistudio.core.naming import (
    CATEGORIES,
    Category,
    ModelPaths,
    source_filename,
    target_filename,
    validate_word,
)
from aistudio.db import queries
from aistudio.db.tables import Photo
from aistudio.ingest.share import share_inputs
from aistudio.media.identity import descriptor, distance_to
from aistudio.media.images import load_image
from aistudio.media.quality import check_image
from aistudio.media.safety import EXPLICIT, classify
from aistudio.studio import Studio

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".gif"})


def create_model(
    studio: Studio,
    name: str,
    *,
    trigger: str | None = None,
    class_word: str | None = None,
    owner_id: int | None = None,
    **settings: object,
) -> ModelPaths:
    """Create a model's folders, config.json and database row; `settings` are config.json
    fields (family, provider, ...), validated as config.json is."""
    paths = studio.paths(name)
    config = _validated(
        name,
        {
            **settings,
            "trigger": validate_word(trigger or name, "trigger"),
            "class_word": validate_word(class_word or "person", "class_word"),
        },
    )
    with studio.session() as session:
        queries.create_model(session, name=name, owner_id=owner_id)
        for d in (paths.source_dir, *(paths.target_dir(c) for c in CATEGORIES)):
            d.mkdir(parents=True, exist_ok=True)
        (paths.root / "results").mkdir(exist_ok=True)
        if not paths.config.exists():  # keep a user's hand-edited settings
            save_model_config(paths.config, config)
    return paths


def _validated(name: str, data: dict[str, object]) -> ModelConfig:
    try:
        return ModelConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "config"
        raise ConfigError(f"{name}: {where}: {first['msg']}") from None


def update_config(studio: Studio, name: str, **changes: object) -> ModelConfig:
    """Change fields of a model's config.json (validated as a whole, written atomically)."""
    updated = _validated(name, {**studio.config(name).model_dump(), **changes})
    save_model_config(studio.paths(name).config, updated)
    return updated


@dataclass
class ImportReport:
    """What an import did, file by file."""

    imported: list[tuple[str, str]] = field(default_factory=list)  # (original, new file name)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (original, existing name)
    rejected: list[ImageRejected] = field(default_factory=list)
    faces: dict[str, int] = field(default_factory=dict)  # new file name -> faces found
    flagged: list[tuple[str, str]] = field(default_factory=list)  # (new name, explicit labels)
    strangers: list[tuple[str, float]] = field(default_factory=list)  # (new name, distance)


def expand_inputs(items: Iterable[str | Path]) -> list[Path]:
    """Files from paths; a folder contributes its image files (not hidden ones), sorted."""
    out: list[Path] = []
    for item in items:
        p = Path(item).expanduser()
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.iterdir()
                    if f.is_file()
                    and not f.name.startswith(".")
                    and f.suffix.lower() in IMAGE_SUFFIXES
                )
            )
        else:
            out.append(p)
    return out


def parse_path_list(text: str) -> list[str]:
    """Paths typed or dragged into a prompt: comma-separated, quoted or backslash-escaped."""
    items: list[str] = []
    current: list[str] = []
    quote: str | None = None
    chars = iter(text)
    for ch in chars:
        if quote:  # inside quotes, commas and spaces belong to the path
            if ch == quote:
                quote = None
            else:
                current.append(ch)
        elif ch in "'\"":
            quote = ch
        elif ch == "\\":  # a terminal escapes spaces in dragged paths
            current.append(next(chars, ""))
        elif ch == ",":
            items.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    items.append("".join(current).strip())
    return [item for item in items if item]


def import_photos(
    studio: Studio,
    name: str,
    inputs: Sequence[str | Path],
    *,
    role: Literal["source", "target"],
    category: Category | None = None,
    confined: bool = False,
) -> ImportReport:
    """Validate, convert and copy photos into the model as sources or targets.

    The CLI reads any file its user can, following links (they are the user's own files);
    `confined` (the API's mode) reads only uploads in the studio, never through a link, so
    no request can name another model's photos or any other file on the server.
    """
    if role not in ("source", "target"):
        raise ValueError(role)
    if role == "target" and category not in CATEGORIES:
        raise UserError("targets need a category: nsfw or sfw")
    paths = studio.paths(name)
    config = studio.config(name)
    detector = studio.detector(config.thresholds)
    if confined:
        inputs = [confined_input(studio.home, Path(i)) for i in inputs]
    files = expand_inputs(inputs)
    if confined:  # and what a folder held: a link in there is refused too
        files = [confined_input(studio.home, f) for f in files]
    if not files:
        raise UserError(f"no image files found in: {', '.join(str(i) for i in inputs)}")
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=name)
    report = ImportReport()
    for path in files:
        try:
            image, raw = load_image(
                path, config.thresholds.max_pixels, studio.settings.max_image_file_bytes
            )
            original_sha = sha256_bytes(raw)
            with studio.session() as session:
                existing = queries.find_photo(
                    session, model_id=model_id, role=role, original_sha256=original_sha
                )
                if existing is not None:
                    report.duplicates.append((str(path), Path(existing.path).name))
                    continue
            checked = check_image(image, str(path), role, config.thresholds, detector)
            # Targets are classified so explicit content cannot slip into sfw-only work.
            labels = (
                classify(checked.image, config.thresholds.nsfw_score) if role == "target" else None
            )
            # Sources are compared by identity: a different person must not slip in.
            face_id = descriptor(checked.image, checked.faces[0]) if role == "source" else None
        except ImageRejected as exc:
            report.rejected.append(exc)
            with studio.session() as session:
                queries.record_rejection(
                    session, model_id=model_id, path=str(path), rule=exc.rule, detail=exc.detail
                )
            continue
        with studio.session() as session:
            number = queries.next_photo_number(
                session, model_id=model_id, role=role, category=category
            )
            if role == "source":
                dest = paths.source_dir / source_filename(name, number)
            else:
                assert category is not None
                dest = paths.target_dir(category) / target_filename(name, number, category)
            gap = None
            if face_id is not None:
                others = [
                    json.loads(p.descriptor_json)
                    for p in queries.list_photos(session, model_id=model_id, role="source")
                    if p.descriptor_json and not p.identity_flag
                ]
                gap = distance_to(face_id, others)
            stranger = gap is not None and gap > config.thresholds.identity_distance
            atomic_write_bytes(dest, checked.jpeg)
            session.add(
                Photo(
                    model_id=model_id,
                    role=role,
                    category=category,
                    number=number,
                    path=paths.rel(dest),
                    sha256=sha256_bytes(checked.jpeg),
                    original_path=str(path.resolve()),
                    original_sha256=original_sha,
                    width=checked.width,
                    height=checked.height,
                    faces_json=json.dumps([f.to_dict() for f in checked.faces]),
                    labels_json=json.dumps(labels.to_json_list() if labels else []),
                    explicit=bool(labels and labels.explicit),
                    descriptor_json=json.dumps(face_id) if face_id else "",
                    identity_distance=gap,
                    identity_flag=stranger,
                )
            )
        report.imported.append((str(path), dest.name))
        report.faces[dest.name] = len(checked.faces)
        if stranger and gap is not None:
            report.strangers.append((dest.name, gap))
        if labels and labels.explicit:
            names = ", ".join(n for n, _ in labels.labels if n in EXPLICIT)
            report.flagged.append((dest.name, names))
    if report.imported:
        share_inputs(studio, name)  # a shared store: other machines find them in storage
    return report
