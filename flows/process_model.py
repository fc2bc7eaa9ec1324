"""process-model: swap, enhance, validate and record every (source x target) pair of a model."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal
from uuid import UUID

from prefect import flow, get_run_logger
from prefect.artifacts import (
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.futures import PrefectFuture, as_completed

from aistudio.core.config import get_settings
from aistudio.core.errors import StudioError
from aistudio.processing import PairPlan
from tasks.enhance import enhance as enhance_task
from tasks.plan import estimate_cost, finish_run, plan_pairs, start_run
from tasks.record import record
from tasks.swap import swap
from tasks.validate import validate


class PairsFailed(StudioError):
    """Some pairs failed; the run is marked Failed so it stands out in the dashboard."""


@flow(name="process-model", log_prints=True)
def process_model(
    model: str,
    category: Literal["nsfw", "sfw", "both"] = "both",
    sources: list[int] | None = None,
    enhance: bool = True,
    provider: str | None = None,
    budget_credits: float | None = None,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Process a model's targets with each of its sources.

    Args:
        model: The model (persona) name, e.g. andie.
        category: Which target folder to process: nsfw, sfw or both.
        sources: Source photo numbers to use (default: all).
        enhance: Enhance (2x upscale) each swapped image.
        provider: Engine to use (default: the model's config.json, normally "local").
        budget_credits: Refuse to start above, and stop at, this many credits.
        dry_run: Only plan and estimate the cost.
    """
    logger = get_run_logger()
    plan = plan_pairs(model, category, sources, provider, enhance)
    estimate = estimate_cost(plan, budget_credits)
    logger.info("%s: %d pairs. %s", model, len(plan.pairs), estimate.describe())
    if dry_run:
        return {
            "model": model,
            "pairs": len(plan.pairs),
            "estimate": estimate.describe(),
            "estimate_credits": estimate.total,
            "dry_run": True,
        }
    run_id = start_run(plan, estimate, budget_credits, category)
    progress = create_progress_artifact(
        0.0, key=f"progress-{model}", description=f"{run_id}: pairs finished"
    )
    assert isinstance(progress, UUID)  # the sync call returns the id, not a coroutine
    window = _pairs_in_window(run_id, plan.pairs, get_settings().concurrency)
    for finished, _ in enumerate(window, start=1):
        update_progress_artifact(progress, 100.0 * finished / len(plan.pairs))
    summary = finish_run(run_id)
    create_table_artifact(
        key=f"summary-{model}",
        table=[{"pair": p, "status": s, "reason": r} for p, s, r in summary.problems]
        or [{"pair": "all", "status": "done", "reason": ""}],
        description=(
            f"{run_id}: {summary.done} done, {summary.rejected} rejected, {summary.failed} "
            f"failed, {summary.skipped} skipped, {summary.cached} reused; "
            f"{summary.credits:g} credits"
        ),
    )
    if summary.failed:
        raise PairsFailed(
            f"{run_id}: {summary.failed} of {summary.pairs_total} pairs failed; "
            "rerun to retry them (finished pairs are not redone)"
        )
    return summary.model_dump()


def _submit_pair(run_id: str, pair: PairPlan) -> PrefectFuture[str]:
    # Prefect resolves futures passed as arguments; its type stubs do not model that.
    swapped = swap.submit(run_id, pair)
    enhanced = enhance_task.submit(run_id, pair, swapped)  # type: ignore[call-overload]
    verdict = validate.submit(run_id, pair, enhanced)
    final: PrefectFuture[str] = record.submit(run_id, pair, verdict)  # type: ignore[call-overload]
    return final


def _pairs_in_window(run_id: str, pairs: Sequence[PairPlan], window: int) -> Iterator[None]:
    """Keep at most `window` pairs in flight; yield as each finishes (memory stays flat in N)."""
    todo = iter(pairs)
    in_flight: set[PrefectFuture[str]] = set()
    while True:
        while len(in_flight) < window and (pair := next(todo, None)) is not None:
            in_flight.add(_submit_pair(run_id, pair))
        if not in_flight:
            return
        done: PrefectFuture[str] = next(as_completed(list(in_flight)))
        in_flight.discard(done)
        yield None
