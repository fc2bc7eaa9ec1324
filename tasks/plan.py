"""Plan the pairs of a run, estimate its cost, open and close the run record."""

from __future__ import annotations

from typing import Literal

from prefect import task

from aistudio import processing
from aistudio.processing.costs import Estimate
from tasks.common import job_of_flow_run, studio


@task(name="plan-pairs")
def plan_pairs(
    model: str,
    category: Literal["nsfw", "sfw", "both"],
    sources: list[int] | None,
    provider: str | None,
    enhance: bool,
) -> processing.Plan:
    """List every (source x target) pair; refuses without consent."""
    return processing.plan_pairs(
        studio(),
        model=model,
        category=category,
        sources=sources,
        provider=provider,
        enhance=enhance,
    )


@task(name="estimate-cost")
def estimate_cost(plan: processing.Plan, budget_credits: float | None) -> Estimate:
    """Estimate the credits of the work left; refuses a run over budget."""
    s = studio()
    estimate = processing.estimate_cost(s, plan=plan)
    processing.check_budget(estimate, processing.resolve_budget(s, plan.model, budget_credits))
    return estimate


@task(name="start-run")
def start_run(
    plan: processing.Plan, estimate: Estimate, budget_credits: float | None, category: str
) -> str:
    """Create the run record (linked to its API job, if any); returns the run id."""
    s = studio()
    return processing.start_run(
        s,
        plan=plan,
        estimate=estimate,
        category=category,
        budget=processing.resolve_budget(s, plan.model, budget_credits),
        job=job_of_flow_run(),
    )


@task(name="finish-run")
def finish_run(run_id: str) -> processing.RunSummary:
    """Close the run and summarise it."""
    return processing.finish_run(studio(), run_id=run_id)
