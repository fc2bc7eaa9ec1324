"""What a model has and where it stands: counts for `models`, `model show` and `status`."""

from __future__ import annotations

from pydantic import BaseModel

from aistudio.core.naming import CATEGORIES
from aistudio.db import queries
from aistudio.db.tables import Model, Run
from aistudio.studio import Studio


class ModelStatus(BaseModel):
    """A model at a glance."""

    name: str
    path: str
    trigger: str
    provider: str
    sources: int
    targets: dict[str, int]
    consent: str  # "none", "revoked", or "synthetic (sfw,nsfw)"
    results: dict[str, int]  # "sfw/enhanced" -> count of stored results
    runs: int
    credits: float
    last_run: str | None
    last_run_status: str | None


def _consent_text(studio: Studio, model: Model) -> str:
    with studio.read() as session:
        assert model.id is not None
        c = queries.current_consent(session, model_id=model.id)
    if c is None:
        return "none"
    if c.revoked_at is not None:
        return "revoked"
    return f"{c.kind} ({c.scopes})"


def model_status(studio: Studio, name: str) -> ModelStatus:
    """Counts of photos, results, runs and credits for one model."""
    paths = studio.paths(name)
    config = studio.config(name)
    with studio.read() as session:
        model = queries.get_model(session, name=name)
        assert model.id is not None
        sources = len(queries.list_photos(session, model_id=model.id, role="source"))
        targets = {
            c: len(queries.list_photos(session, model_id=model.id, role="target", category=c))
            for c in CATEGORIES
        }
        runs: list[Run] = list(queries.list_runs(session, model_id=model.id))
        credits = sum(e.credits for e in queries.ledger(session, model_id=model.id))
    results = {}
    for c in CATEGORIES:
        for stage in ("swapped", "enhanced"):
            n = sum(1 for _ in (paths.root / "results" / c).glob(f"source_*/{stage}/*.jpg"))
            if n:
                results[f"{c}/{stage}"] = n
    last = runs[-1] if runs else None
    return ModelStatus(
        name=name,
        path=str(paths.root),
        trigger=config.trigger,
        provider=config.provider,
        sources=sources,
        targets=targets,
        consent=_consent_text(studio, model),
        results=results,
        runs=len(runs),
        credits=credits,
        last_run=last.id if last else None,
        last_run_status=last.status if last else None,
    )


def all_models(studio: Studio) -> list[ModelStatus]:
    """Status of every model."""
    with studio.read() as session:
        names = [m.name for m in queries.list_models(session)]
    return [model_status(studio, n) for n in names]
