"""A build's first three steps (score, select, crop), each returning a small serialisable value.

The flow runs them as tasks; build_dataset runs them in a row. Scores live in the store, so a
step reloads them by hash rather than passing 128-d descriptors between steps.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence

from pydantic import BaseModel

from aistudio.core.errors import ConsentError, UserError
from aistudio.core.families import Family
from aistudio.dataset.candidates import CandidateFile, Pool, gather, score_all
from aistudio.dataset.crops import Crop, plan_crop
from aistudio.dataset.scores import ImageScores
from aistudio.dataset.select import Candidate, choose
from aistudio.db import queries
from aistudio.studio import Studio

Progress = Callable[[int, int], None]


class Excluded(BaseModel):
    """A candidate left out, with the rule and a detail a person reads."""

    file: str
    reason: str
    detail: str


class Choice(BaseModel):
    """The selection: chosen files best first, and the rest with their reasons."""

    included: list[str]
    excluded: list[Excluded]


class PlannedItem(BaseModel):
    """One training image to write: where it comes from, its crop and caption."""

    source: CandidateFile
    crop: list[int]  # Crop.to_list()
    caption: str


class Plan(BaseModel):
    """Everything the write step needs, and the content hash it will have."""

    family: Family
    hash: str
    items: list[PlannedItem]
    excluded: list[Excluded]
    holdout: list[str]
    include_sources: bool


def consent_scopes(studio: Studio, model: str) -> list[str]:
    """The scopes of the consent in force; none in force refuses the build."""
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=model)
        consent = queries.current_consent(session, model_id=model_id)
    if consent is None or consent.revoked_at is not None:
        raise ConsentError(f"model {model!r} has no consent in force; a dataset needs one")
    return consent.scopes.split(",")


def allows_explicit(studio: Studio, model: str) -> bool:
    """Whether the consent in force covers explicit content; none in force refuses the build."""
    return "nsfw" in consent_scopes(studio, model)


def score_pool(
    studio: Studio, model: str, *, include_sources: bool = False, progress: Progress | None = None
) -> Pool:
    """Gather the candidates and score every one not scored before (scores are stored)."""
    scopes = consent_scopes(studio, model)
    rules = studio.config(model).dataset
    pool = gather(
        studio,
        model,
        include_sources=include_sources,
        holdout=rules.holdout_sources,
        scopes=scopes,
    )
    score_all(studio, pool, studio.config(model).thresholds, progress)
    return pool


def scores_of(studio: Studio, model: str, pool: Pool) -> dict[str, ImageScores]:
    """Each candidate's stored scores with its identity distance to this pool's references."""
    scores = score_all(studio, pool, studio.config(model).thresholds)
    return {c.file: s for c, s in zip(pool.candidates, scores, strict=True)}


def select_images(
    studio: Studio, model: str, pool: Pool, *, max_images: int | None = None
) -> Choice:
    """Apply the model's rules and choose the best varied set."""
    config = studio.config(model)
    scores = scores_of(studio, model, pool)
    chosen = choose(
        [Candidate(c.file, scores[c.file]) for c in pool.candidates],
        config.dataset,
        config.thresholds,
        allow_explicit=allows_explicit(studio, model),
        max_images=max_images,
    )
    if not chosen.included:
        counts = Counter(reason for _, reason, _ in chosen.excluded)
        why = ", ".join(f"{n} {reason}" for reason, n in counts.most_common())
        raise UserError(
            f"model {model!r}: no image passed the rules ({why}); see each image's reason with "
            f"the scores, and the limits under 'dataset' in {studio.paths(model).config}"
        )
    return Choice(
        included=[c.key for c in chosen.included],
        excluded=[Excluded(file=c.key, reason=r, detail=d) for c, r, d in chosen.excluded],
    )


def content_hash(family: str, items: Sequence[tuple[str, Crop, str]]) -> str:
    """Over what a trainer sees: each image's bytes (by hash), its crop and its caption."""
    payload = json.dumps(
        {"family": family, "items": [[sha, crop.to_list(), cap] for sha, crop, cap in items]}
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def template_caption(trigger: str, class_word: str) -> str:
    """A build's caption for every image, until a captioner or a person writes better ones."""
    return f"a photo of {trigger}, {class_word}"


def plan_crops(
    studio: Studio, model: str, pool: Pool, choice: Choice, *, family: Family | None = None
) -> Plan:
    """A face-aware crop into the family's buckets (default: the model's family) and a caption
    for each chosen image."""
    config = studio.config(model)
    family = family or config.family
    scores = scores_of(studio, model, pool)
    by_file = {c.file: c for c in pool.candidates}
    caption = template_caption(config.trigger, config.class_word)
    items = []
    for file in choice.included:
        s = scores[file]
        assert s.face_box is not None  # the rules let no faceless image through
        crop = plan_crop(s.width, s.height, s.face_box, family)
        items.append(PlannedItem(source=by_file[file], crop=crop.to_list(), caption=caption))
    digest = content_hash(
        family, [(i.source.sha256, Crop.from_list(i.crop), i.caption) for i in items]
    )
    return Plan(
        family=family,
        hash=digest,
        items=items,
        excluded=choice.excluded,
        holdout=pool.holdout,
        include_sources=pool.include_sources,
    )
