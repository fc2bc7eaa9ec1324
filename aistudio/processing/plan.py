"""Plan a run: every (source x target) pair of a model, refused early without consent."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from aistudio.consent import records as consent
from aistudio.core.config import Settings
from aistudio.core.errors import UserError
from aistudio.core.naming import CATEGORIES, Category, pair_key
from aistudio.db import queries
from aistudio.db.tables import Photo
from aistudio.ingest.share import share_inputs
from aistudio.media.safety import explicit_at, stored_labels
from aistudio.processing.keys import swap_key
from aistudio.providers import get_provider
from aistudio.providers.base import Provider
from aistudio.storage import get_storage
from aistudio.studio import Studio


class PairPlan(BaseModel):
    """One (source, target) pair to process; small and serialisable."""

    model_config = ConfigDict(frozen=True)

    model: str
    pair: str  # s1-t004-nsfw
    source: int
    target: int
    category: Category
    source_sha: str
    target_sha: str
    provider: str
    enhance: bool
    swap_key: str

    @property
    def label(self) -> str:
        """andie-s1-t004-nsfw: how the pair is named in logs and the UI."""
        return f"{self.model}-{self.pair}"


class Plan(BaseModel):
    """All pairs of a run."""

    model: str
    provider: str
    enhance: bool
    categories: list[Category]
    pairs: list[PairPlan]
    excluded: list[tuple[str, str]] = []  # (target file, why it is not processed)
    window: int = 2  # pairs in flight at once


def pairs_window(settings: Settings, provider: Provider) -> int:
    """Pairs to keep in flight: AISTUDIO_CONCURRENCY, else twice what the engine runs at once.

    A pair spends part of its time outside the engine (reading inputs, stamping, validating,
    uploading); twice the engine's limit keeps the engine busy meanwhile.
    """
    if settings.concurrency is not None:
        return settings.concurrency
    return max(1, min(64, 2 * int(getattr(provider, "max_in_flight", 1))))


def plan_pairs(
    studio: Studio,
    *,
    model: str,
    category: Literal["nsfw", "sfw", "both"] = "both",
    sources: list[int] | None = None,
    provider: str | None = None,
    enhance: bool = True,
) -> Plan:
    """Every (source x target) pair to process; refuses early without consent."""
    share_inputs(studio, model)  # a shared store: this machine gets what its disk lacks
    config = studio.config(model)
    provider_name = provider or config.provider
    engine = get_provider(provider_name, studio.settings)  # unknown or misconfigured: fail now
    storage = get_storage(studio.settings)
    if storage is not None:
        storage.check()  # a missing bucket or bad credentials stop the run before paid work
    wanted: list[Category] = list(CATEGORIES) if category == "both" else [category]
    with studio.read() as session:
        row = queries.get_model(session, name=model)
        row_id = queries.get_model_id(session, name=model)
        src = list(queries.list_photos(session, model_id=row_id, role="source"))
        if not src:
            raise UserError(
                f"model {model!r} has no source photos; add them with "
                f"'aistudio sources add {model} PATH...'"
            )
        if sources:
            known = {p.number for p in src}
            unknown = sorted(set(sources) - known)
            if unknown:
                raise UserError(
                    f"model {model!r} has no source number(s) {unknown}; it has {sorted(known)}"
                )
            src = [p for p in src if p.number in sources]
        excluded: list[tuple[str, str]] = [
            (
                Path(p.path).name,
                f"looks like a different person than the model's other sources "
                f"(distance {p.identity_distance:.2f}); check it, then remove or re-import it",
            )
            for p in src
            if p.identity_flag
        ]
        src = [p for p in src if not p.identity_flag]
        targets: dict[Category, list[Photo]] = {
            c: list(queries.list_photos(session, model_id=row_id, role="target", category=c))
            for c in wanted
        }
        used = [c for c in wanted if targets[c]]
        if not used:
            where = " or ".join(f"targets/{c}/" for c in wanted)
            raise UserError(
                f"model {model!r} has no target photos in {where}; add them with "
                f"'aistudio targets add {model} --category {wanted[0]} PATH...'"
            )
        for c in used:
            record = consent.require_consent(session, model=row, category=c)
            if c == "sfw" and "nsfw" not in record.scopes.split(","):
                # Judged from the stored labels at today's threshold, not a verdict of its day.
                limit = config.thresholds.nsfw_score
                flagged = [
                    t for t in targets[c] if explicit_at(stored_labels(t.labels_json), limit)
                ]
                excluded += [
                    (
                        Path(t.path).name,
                        "explicit content in targets/sfw/; needs the nsfw consent scope",
                    )
                    for t in flagged
                ]
                targets[c] = [t for t in targets[c] if t not in flagged]
    do_enhance = enhance and config.enhance
    pairs = [
        PairPlan(
            model=model,
            pair=pair_key(s.number, t.number, c),
            source=s.number,
            target=t.number,
            category=c,
            source_sha=s.sha256,
            target_sha=t.sha256,
            provider=provider_name,
            enhance=do_enhance,
            swap_key=swap_key(provider_name, s.sha256, t.sha256),
        )
        for c in used
        for s in src
        for t in targets[c]
    ]
    if not pairs:
        raise UserError(
            f"model {model!r}: nothing to process; "
            + "; ".join(f"{name}: {why}" for name, why in excluded)
        )
    return Plan(
        excluded=excluded,
        model=model,
        provider=provider_name,
        enhance=do_enhance,
        categories=used,
        pairs=pairs,
        window=pairs_window(studio.settings, engine),
    )
