"""The images a dataset may use (accepted results, and sources when asked), scored once each."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Collection

from pydantic import BaseModel
from sqlmodel import select

from aistudio.core.config import Thresholds
from aistudio.core.errors import UserError
from aistudio.core.naming import pair_category
from aistudio.dataset.scores import ImageScores, score_image
from aistudio.db import queries
from aistudio.db.tables import ImageScore, Output, PairState
from aistudio.media import safety
from aistudio.media.identity import distance_to
from aistudio.media.images import load_stored_image
from aistudio.studio import Studio

logger = logging.getLogger(__name__)

SCORER_VERSION = 5  # raise when a measure changes: stored scores are then measured again


class CandidateFile(BaseModel, frozen=True):
    """A stored image the dataset may use."""

    file: str  # relative to the studio home
    sha256: str
    kind: str  # result | source
    run_id: str | None = None
    pair: str | None = None


class Pool(BaseModel):
    """What a build draws from: the candidates, and the sources kept out as references."""

    candidates: list[CandidateFile]
    references: list[list[float]]  # identity descriptors of every usable source
    holdout: list[str]  # source files kept out of training, to evaluate the LoRA with later
    include_sources: bool = False


def gather(
    studio: Studio,
    model: str,
    *,
    include_sources: bool,
    holdout: int,
    scopes: Collection[str] = ("sfw",),
) -> Pool:
    """Accepted results of every run (latest file per pair) whose category the consent's scopes
    cover, plus the sources left after the hold-out when include_sources."""
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=model)
        done = session.exec(
            select(PairState)
            .where(PairState.model_id == model_id, PairState.status == "done")
            .order_by(PairState.updated_at)  # type: ignore[arg-type]
        ).all()
        latest = {s.pair: s for s in done if s.output_path}
        outputs = {
            o.path: o for o in session.exec(select(Output).where(Output.model_id == model_id)).all()
        }
        sources = [
            p
            for p in queries.list_photos(session, model_id=model_id, role="source")
            if not p.identity_flag
        ]
    candidates = []
    for pair, state in sorted(latest.items()):
        if pair_category(pair) not in scopes:
            # Out of the consent in force (narrowed since the run): never scored, never used.
            continue
        out = outputs.get(state.output_path or "")
        if out is None or not (studio.home / out.path).is_file():
            logger.warning("%s: result %s is gone; left out", pair, state.output_path)
            continue
        candidates.append(
            CandidateFile(
                file=out.path, sha256=out.sha256, kind="result", run_id=state.run_id, pair=pair
            )
        )
    sources.sort(key=lambda p: p.number)
    # The last sources are the references; with two or more, one at least is left to train on.
    held_count = min(holdout, max(len(sources) - 1, 1)) if holdout else 0
    keep = len(sources) - held_count
    held = sources[keep:]
    if include_sources:
        candidates += [
            CandidateFile(file=p.path, sha256=p.sha256, kind="source") for p in sources[:keep]
        ]
    if not candidates:
        raise UserError(
            f"model {model!r} has no accepted results to build a dataset from; run "
            f"'aistudio run {model}' first (or add --include-sources)"
        )
    refs = [json.loads(p.descriptor_json) for p in sources if p.descriptor_json]
    return Pool(
        candidates=candidates,
        references=refs,
        holdout=[p.path for p in held],
        include_sources=include_sources,
    )


def score_all(
    studio: Studio,
    pool: Pool,
    thresholds: Thresholds,
    progress: Callable[[int, int], None] | None = None,
) -> list[ImageScores]:
    """Scores for every candidate, in order: from the store when measured before, else now."""
    shas = [c.sha256 for c in pool.candidates]
    with studio.read() as session:
        rows = session.exec(
            select(ImageScore).where(
                ImageScore.sha256.in_(shas),  # type: ignore[attr-defined]
                ImageScore.version == SCORER_VERSION,
            )
        ).all()
    cached = {r.sha256: ImageScores.model_validate_json(r.scores_json) for r in rows}
    beauty = studio.aesthetic()
    out = []
    for i, c in enumerate(pool.candidates):
        scores = cached.get(c.sha256)
        if scores is None:
            scores = _measure(studio, c, thresholds)
            _store(studio, c.sha256, scores)
            cached[c.sha256] = scores
        elif beauty is not None and scores.aesthetic_model != beauty.source:
            # Measured before this scorer was configured: only the beauty score is new.
            image, _ = load_stored_image(studio.home / c.file, thresholds.max_pixels * 4)
            work, _ = studio.detector(thresholds).working_copy(image)  # as _measure scores it
            scores = scores.model_copy(
                update={"aesthetic": beauty.score(work), "aesthetic_model": beauty.source}
            )
            _store(studio, c.sha256, scores)
            cached[c.sha256] = scores
        # A stored verdict was judged at the threshold of its day: judge the labels at today's.
        explicit = safety.explicit_at(scores.label_scores, thresholds.nsfw_score)
        if explicit != scores.explicit:
            scores = scores.model_copy(update={"explicit": explicit})
        if scores.descriptor is not None:
            scores = scores.model_copy(
                update={"identity_distance": distance_to(scores.descriptor, pool.references)}
            )
        out.append(scores)
        if progress:
            progress(i + 1, len(pool.candidates))
    return out


def _measure(studio: Studio, c: CandidateFile, thresholds: Thresholds) -> ImageScores:
    image, _ = load_stored_image(studio.home / c.file, thresholds.max_pixels * 4)
    detector = studio.detector(thresholds)
    # Most measures read a copy at the detector's size (a quarter of a 4 MP result's pixels).
    work = detector.working_copy(image)
    found = safety.classify(work[0], thresholds.nsfw_score)
    scores = score_image(
        image,
        detector=detector,
        min_face_score=thresholds.min_face_score,
        references=[],  # the distance is taken against the current sources, per build
        explicit=found.explicit,
        labels=found.labels,
        brisque_model=studio.brisque(),
        work=work,
    )
    beauty = studio.aesthetic()
    if beauty is not None:
        scores.aesthetic, scores.aesthetic_model = beauty.score(work[0]), beauty.source
    return scores


def _store(studio: Studio, sha: str, scores: ImageScores) -> None:
    """Insert or replace the stored scores of an image (another build may have measured it
    meanwhile: the same measures, so the last write is as good as the first)."""
    payload = scores.model_copy(update={"identity_distance": None}).model_dump_json()
    with studio.session() as session:
        row = session.exec(
            select(ImageScore).where(ImageScore.sha256 == sha, ImageScore.version == SCORER_VERSION)
        ).first()
        if row is None:
            session.add(ImageScore(sha256=sha, version=SCORER_VERSION, scores_json=payload))
        else:
            row.scores_json = payload
            session.add(row)
