"""The process job kind: every (source x target) pair of a model, as `aistudio run` does."""

from __future__ import annotations

from aistudio.api.jobs import JobSpec
from aistudio.api.schemas.jobs import EstimatePublic, JobCreate
from aistudio.processing.preflight import Preflight, preflight
from aistudio.studio import Studio

DEPLOYMENT = "process-model/default"


def run_preflight(studio: Studio, name: str, body: JobCreate) -> Preflight:
    """The CLI's preflight: consent, plan, budget, room for results (user mistakes raise)."""
    return preflight(
        studio,
        name,
        category=body.category,
        sources=body.sources,
        provider=body.provider,
        enhance=body.enhance,
        budget=body.budget_credits,
    )


def estimate_public(pre: Preflight) -> EstimatePublic:
    """A preflight's estimate, as clients see it."""
    e = pre.estimate
    return EstimatePublic(
        credits=e.total,
        pairs=len(pre.plan.pairs),
        already_done=e.done_pairs,
        swaps=e.swaps,
        enhances=e.enhances,
        summary=e.describe(),
    )


def spec(name: str, body: JobCreate) -> JobSpec:
    """The process-model flow run a processing job is."""
    return JobSpec(
        kind=body.kind,
        deployment=DEPLOYMENT,
        parameters={"model": name, **body.model_dump(exclude={"kind"})},
    )
