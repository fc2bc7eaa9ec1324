"""The checks before a run starts (consent, plan, budget, room for results): the CLI and the API
both call this, so a user mistake surfaces as one clear message before anything is started."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from aistudio.processing.budget import check_budget, estimate_cost, resolve_budget
from aistudio.processing.costs import Estimate
from aistudio.processing.plan import Plan, plan_pairs
from aistudio.processing.runs import check_outputs
from aistudio.studio import Studio


@dataclass
class Preflight:
    """The plan and its estimate, checked against consent and budget before anything runs."""

    plan: Plan
    estimate: Estimate


def preflight(
    studio: Studio,
    name: str,
    *,
    category: Literal["nsfw", "sfw", "both"],
    sources: list[int] | None,
    provider: str | None,
    enhance: bool,
    budget: float | None,
) -> Preflight:
    """Plan and estimate in-process, refusing what the run itself would refuse."""
    plan = plan_pairs(
        studio, model=name, category=category, sources=sources, provider=provider, enhance=enhance
    )
    estimate = estimate_cost(studio, plan=plan)
    check_budget(estimate, resolve_budget(studio, name, budget))
    check_outputs(studio, plan=plan, estimate=estimate)
    return Preflight(plan=plan, estimate=estimate)
