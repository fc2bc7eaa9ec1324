"""A person's review: edit captions (as a TSV of image and caption), approve a version, and
the log of every caption given."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel
from sqlmodel import col, select

from aistudio.captions.derive import approve_version, derive_version
from aistudio.captions.template import (
    MAX_REVIEWER_CHARS,
    MAX_TSV_BYTES,
    Problem,
    check,
    problems,
)
from aistudio.captions.tokens import LIMITS, count_tokens
from aistudio.consent import audit
from aistudio.core.errors import UserError, printable
from aistudio.dataset.versions import DatasetInfo, show_dataset, version_row
from aistudio.db.tables import CaptionEdit
from aistudio.studio import Studio

TSV_HEADER = "# image<TAB>caption: edit the captions, keep the names; lines with # are ignored"


def reviewer() -> str:
    """Who is reviewing at the single-user CLI: AISTUDIO_ACTOR, else the login name."""
    return audit.cli_actor()


def checked_reviewer(author: str) -> str:
    """A reviewer's name as given (an API passes its signed-in user): non-empty, printable."""
    name = author.strip()
    if not name or len(name) > MAX_REVIEWER_CHARS or not name.isprintable():
        raise UserError(
            f"reviewer {printable(author)!r}: give a name of 1-{MAX_REVIEWER_CHARS} printable "
            "characters [rule: approval names who approved]"
        )
    return name


def to_tsv(info: DatasetInfo) -> str:
    """A version's captions as an editable TSV."""
    rows = [f"{item['image']}\t{item.get('caption') or ''}" for item in info.included]
    return "\n".join([TSV_HEADER, *rows]) + "\n"


def from_tsv(text: str) -> dict[str, str]:
    """image -> caption from an edited TSV; a malformed line is an error naming it."""
    if len(text.encode("utf-8", "replace")) > MAX_TSV_BYTES:
        raise UserError(f"the edited captions exceed {MAX_TSV_BYTES:,} bytes [rule: TSV size]")
    out: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        image, tab, caption = line.partition("\t")
        if not tab or not image.strip():
            raise UserError(f"line {n}: expected 'image<TAB>caption', got {line[:60]!r}")
        if image.strip() in out:
            raise UserError(f"line {n}: {image.strip()} is listed twice")
        out[image.strip()] = " ".join(caption.split())
    return out


def edit_captions(
    studio: Studio,
    model: str,
    edits: Mapping[str, str],
    *,
    version: int | None = None,
    author: str | None = None,
    approve: bool = False,
) -> DatasetInfo:
    """Apply edited captions to a version as a new version (approved when asked); every
    caption is checked first (trigger once at the start, no banned words)."""
    config = studio.config(model)
    parent = version_row(studio, model, version)
    problems = [
        f"{image}: {problem}"
        for image, text in sorted(edits.items())
        for problem in check(text, config.trigger, config.captions)
    ]
    if problems:
        raise UserError("captions not saved: " + "; ".join(problems))
    return derive_version(
        studio,
        model,
        parent,
        edits,
        source="edit",
        author=reviewer() if author is None else checked_reviewer(author),
        reviewed=approve,
    )


class Checked(BaseModel):
    """A draft caption as an edit would find it: the rules it breaks (any refuses the edit) and
    its length in the text encoder's tokens (over the limit is cut off in training, not refused)."""

    problems: list[Problem]
    tokens: int
    limit: int
    exact: bool


def check_drafts(
    studio: Studio, model: str, version: int, drafts: Mapping[str, str]
) -> dict[str, Checked]:
    """Each draft caption checked with the rules an edit applies (a name the version lacks is
    a problem too), for a reviewer who wants to know before saving."""
    config = studio.config(model)
    info = show_dataset(studio, model, version)
    images = {str(item["image"]) for item in info.included}
    limit = LIMITS.get(info.family, LIMITS["sdxl"])
    out = {}
    for image, text in drafts.items():
        found = problems(text, config.trigger, config.captions)
        if image not in images:
            found.insert(0, Problem("image", f"dataset v{info.version} has no image {image}"))
        tokens, exact = count_tokens(text, info.family)
        out[image] = Checked(problems=found, tokens=tokens, limit=limit, exact=exact)
    return out


def approve(
    studio: Studio, model: str, version: int | None = None, *, author: str | None = None
) -> DatasetInfo:
    """Mark a version's captions reviewed, after checking every one of them."""
    config = studio.config(model)
    info = show_dataset(studio, model, version)
    problems = [
        f"{item['image']}: {problem}"
        for item in info.included
        for problem in check(str(item.get("caption") or ""), config.trigger, config.captions)
    ]
    if problems:
        raise UserError(f"dataset v{info.version} not approved: " + "; ".join(problems))
    who = reviewer() if author is None else checked_reviewer(author)
    approve_version(studio, version_row(studio, model, info.version), who)
    return show_dataset(studio, model, info.version)


def apply_review(
    studio: Studio,
    model: str,
    version: int,
    edits: Mapping[str, str],
    *,
    approved: bool,
    author: str,
) -> DatasetInfo:
    """A reviewer's answer: edits become a new version (approved when they said so); without
    edits the version itself is approved, or left as it is. The author is who acted (the
    review form's or the API's user): required, never a default."""
    author = checked_reviewer(author)
    if edits:
        return edit_captions(studio, model, edits, version=version, author=author, approve=approved)
    if approved:
        return approve(studio, model, version, author=author)
    return show_dataset(studio, model, version)


def caption_log(studio: Studio, model: str, version: int | None = None) -> list[CaptionEdit]:
    """Every caption the version was given, oldest first (its own changes from its parent)."""
    row = version_row(studio, model, version)
    with studio.read() as session:
        return list(
            session.exec(
                select(CaptionEdit)
                .where(CaptionEdit.version_id == row.id)
                .order_by(col(CaptionEdit.id))
            ).all()
        )
