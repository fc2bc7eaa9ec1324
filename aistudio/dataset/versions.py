"""A model's dataset versions as the CLI and the API show them."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel
from sqlmodel import col, select

from aistudio.core.errors import UserError
from aistudio.db import queries
from aistudio.db.tables import DatasetItem, DatasetVersion
from aistudio.studio import Studio

CONTACT_SHEET, HISTOGRAMS = "report/contact-sheet.png", "report/histograms.png"
OVERRIDDEN_FROM = "overridden_from"  # the settings_json key: the version an override changed


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
    captioned_from: int | None = None  # the version whose images and crops it shares
    overridden_from: int | None = None  # the version a person's keep/reject changed
    captioner: str | None = None
    reviewed_by: str | None = None  # who approved the captions (training wants reviewed ones)
    reviewed_at: str | None = None
    included: list[dict[str, object]] = []
    excluded: list[dict[str, object]] = []


def find_by_hash(studio: Studio, model_id: int, digest: str) -> DatasetVersion | None:
    """The model's version with this content hash, if there is one."""
    with studio.read() as session:
        return session.exec(
            select(DatasetVersion).where(
                DatasetVersion.model_id == model_id, DatasetVersion.content_hash == digest
            )
        ).first()


def next_number(studio: Studio, model_id: int) -> int:
    """The number the model's next version takes."""
    with studio.read() as session:
        last = session.exec(
            select(DatasetVersion.number)
            .where(DatasetVersion.model_id == model_id)
            .order_by(col(DatasetVersion.number).desc())
        ).first()
    return (last or 0) + 1


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
        captioned_from=next((v.number for v in versions if v.id == row.parent_id), None),
        overridden_from=json.loads(row.settings_json).get(OVERRIDDEN_FROM),
        captioner=row.captioner,
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at.isoformat() if row.reviewed_at else None,
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
        if it.auto_included is not None:  # a person's choice, beside the automatic one
            entry.update(
                auto_included=it.auto_included,
                override_by=it.override_by,
                override_reason=it.override_reason,
            )
    return info


def items_of(studio: Studio, row: DatasetVersion) -> list[DatasetItem]:
    """A version's items, in order (included ones carry image and caption)."""
    with studio.read() as session:
        return list(
            session.exec(
                select(DatasetItem)
                .where(DatasetItem.version_id == row.id)
                .order_by(col(DatasetItem.id))
            ).all()
        )


def version_row(studio: Studio, model: str, version: int | None) -> DatasetVersion:
    """A version's row (default: the newest), with show_dataset's clear errors."""
    info = show_dataset(studio, model, version)
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=model)
        return session.exec(
            select(DatasetVersion).where(
                DatasetVersion.model_id == model_id, DatasetVersion.number == info.version
            )
        ).one()


def summary_markdown(info: DatasetInfo) -> str:
    """A version as a Markdown report (the flow's artifact): where it is, in and out, and why."""
    sheet = Path(info.contact_sheet)
    lines = [
        f"# {info.model} dataset v{info.version}",
        "",
        f"{len(info.included)} images in, {len(info.excluded)} out, for {info.family}; "
        f"hash `{info.hash[:16]}`" + ("" if info.new else " (unchanged: an existing version)"),
        "",
        f"- Folder: `{info.path}`",
        f"- Contact sheet: [{sheet.name}]({sheet.as_uri()}) (`{sheet}`)",
        f"- Held out as identity references: {', '.join(info.holdout) or 'none'}",
        "",
        "| image | from | sharpness | identity | yaw |",
        "|---|---|---|---|---|",
    ]
    for it in info.included:
        s = it["scores"]
        assert isinstance(s, dict)
        lines.append(
            f"| {it['image']} | {_name(it['file'])} | {s.get('sharpness') or 0:.0f} | "
            f"{s.get('identity_distance') or 0:.2f} | {s.get('yaw') or 0:.0f} |"
        )
    if info.excluded:
        lines += ["", "| left out | reason | detail |", "|---|---|---|"]
        for it in info.excluded:
            detail = str(it["detail"]).replace("|", "/")
            lines.append(f"| {_name(it['file'])} | {it['reason']} | {detail} |")
    return "\n".join(lines) + "\n"


def _name(file: object) -> str:
    return str(file).rsplit("/", 1)[-1]
