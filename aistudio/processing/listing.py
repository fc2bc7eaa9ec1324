"""A model's results as people look at them: each pair's latest state with its files, and
the one file of a pair's stage (kept inside the model's folder)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import func
from sqlmodel import Session, col, select

from aistudio.core.errors import NotFound
from aistudio.core.fs import under
from aistudio.core.naming import STAGES, Category, parse_pair_key
from aistudio.db import queries
from aistudio.db.tables import Output, PairState, Photo
from aistudio.studio import Studio

# What a pair's files are called: its target photo (the "before") and its stages' results.
FileKind = Literal["target", "swapped", "enhanced"]
FILE_KINDS: tuple[FileKind, ...] = ("target", *STAGES)


class StoredFile(BaseModel):
    """A file the store recorded: where it is (relative to the studio home) and its sha256."""

    path: str
    sha256: str


class PairResult(BaseModel):
    """Where a pair stands after its latest run, and the files it has."""

    pair: str
    category: Category
    source: int
    target: int
    status: str  # done | rejected | failed | skipped
    rule: str | None
    reason: str | None
    run_id: str
    updated_at: datetime
    files: dict[FileKind, StoredFile]


def _latest_states(
    session: Session, *, model_id: int, category: Category | None, after: str, limit: int
) -> Sequence[PairState]:
    newest = (
        select(func.max(PairState.id))
        .where(PairState.model_id == model_id, col(PairState.pair) > after)
        .group_by(col(PairState.pair))
    )
    if category is not None:
        newest = newest.where(col(PairState.pair).endswith(f"-{category}"))
    return session.exec(
        select(PairState)
        .where(col(PairState.id).in_(newest))
        .order_by(col(PairState.pair))
        .limit(limit)
    ).all()


def _files(session: Session, *, model_id: int, pairs: list[str]) -> dict[str, dict[str, Output]]:
    """The newest output of each pair's stages."""
    rows = session.exec(
        select(Output)
        .where(Output.model_id == model_id, col(Output.pair).in_(pairs))
        .order_by(col(Output.id))
    ).all()
    found: dict[str, dict[str, Output]] = {}
    for row in rows:
        found.setdefault(row.pair, {})[row.stage] = row  # later rows replace earlier ones
    return found


def _targets(
    session: Session, *, model_id: int, numbers: set[int]
) -> dict[tuple[str | None, int], Photo]:
    """The target photos with these numbers (any category), in one query."""
    rows = session.exec(
        select(Photo).where(
            Photo.model_id == model_id, Photo.role == "target", col(Photo.number).in_(numbers)
        )
    ).all()
    return {(p.category, p.number): p for p in rows}


def pair_results(
    session: Session,
    *,
    model_id: int,
    category: Category | None = None,
    after: str = "",
    limit: int = 50,
) -> list[PairResult]:
    """A model's pairs in key order after the cursor `after`: latest state and files of each."""
    parsed = [
        (state, key)
        for state in _latest_states(
            session, model_id=model_id, category=category, after=after, limit=limit
        )
        if (key := parse_pair_key(state.pair)) is not None
    ]
    outputs = _files(session, model_id=model_id, pairs=[s.pair for s, _ in parsed])
    targets = _targets(session, model_id=model_id, numbers={number for _, (_, number, _) in parsed})
    results = []
    for state, (source, number, cat) in parsed:
        files: dict[FileKind, StoredFile] = {}
        if (target := targets.get((cat, number))) is not None:
            files["target"] = StoredFile(path=target.path, sha256=target.sha256)
        for stage in STAGES:
            if (out := outputs.get(state.pair, {}).get(stage)) is not None:
                files[stage] = StoredFile(path=out.path, sha256=out.sha256)
        results.append(
            PairResult(
                pair=state.pair,
                category=cat,
                source=source,
                target=number,
                status=state.status,
                rule=state.rule,
                reason=state.reason,
                run_id=state.run_id,
                updated_at=state.updated_at,
                files=files,
            )
        )
    return results


def pair_file(session: Session, *, model_id: int, pair: str, kind: FileKind) -> StoredFile:
    """The stored file of one pair's target photo or stage result, or NotFound."""
    parsed = parse_pair_key(pair)
    if parsed is None:
        raise NotFound(f"{pair!r} is not a pair key (like s1-t004-sfw)")
    _source, number, category = parsed
    if kind == "target":
        photo = queries.find_photo_by_number(
            session, model_id=model_id, role="target", category=category, number=number
        )
        if photo is not None:
            return StoredFile(path=photo.path, sha256=photo.sha256)
    else:
        out = _files(session, model_id=model_id, pairs=[pair]).get(pair, {}).get(kind)
        if out is not None:
            return StoredFile(path=out.path, sha256=out.sha256)
    raise NotFound(f"pair {pair} has no {kind} file (yet); its results list what it has")


def model_file(studio: Studio, name: str, rel: str) -> Path:
    """A stored path of model `name`, as a path on disk that stays inside the model's folder."""
    return under(
        studio.paths(name).root, studio.home / rel, rule="a model's files stay in its folder"
    )
