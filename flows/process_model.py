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

from aistudio.core.errors import StudioError
from aistudio.processing import PairPlan, describe_failure
from tasks.common import artifact_key
from tasks.enhance import enhance as enhance_task
from tasks.plan import estimate_cost, finish_run, plan_pairs, start_run
from tasks.record import fail, record
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
        0.0, key=artifact_key("progress", model), description=f"{run_id}: pairs finished"
    )
    assert isinstance(progress, UUID)  # the sync call returns the id, not a coroutine
    window = _pairs_in_window(run_id, plan.pairs, plan.window)
    for finished, (pair, stages) in enumerate(window, start=1):
        failure = _failure(stages)
        if failure is not None:  # whatever a stage raised, the pair gets a state with a reason
            fail(run_id, pair, describe_failure(*failure))
        update_progress_artifact(progress, 100.0 * finished / len(plan.pairs))
    summary = finish_run(run_id)
    create_table_artifact(
        key=artifact_key("summary", model),
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


Stages = list[tuple[str, PrefectFuture[Any]]]


def _submit_pair(run_id: str, pair: PairPlan) -> Stages:
    # Prefect resolves futures passed as arguments; its type stubs do not model that.
    swapped = swap.submit(run_id, pair)
    enhanced = enhance_task.submit(run_id, pair, swapped)  # type: ignore[call-overload]
    verdict = validate.submit(run_id, pair, enhanced)
    final = record.submit(run_id, pair, verdict)  # type: ignore[call-overload]
    return [("swap", swapped), ("enhance", enhanced), ("validate", verdict), ("record", final)]


def _failure(stages: Stages) -> tuple[str, BaseException] | None:
    """The first stage whose task failed or crashed, with its exception (the root cause)."""
    for name, future in stages:
        future.wait()  # its final state, not the API's view of it (which may lag behind)
        state = future.state
        if state.is_failed() or state.is_crashed():
            error = future.result(raise_on_failure=False)
            return name, error if isinstance(error, BaseException) else RuntimeError(str(state))
    return None


def _pairs_in_window(
    run_id: str, pairs: Sequence[PairPlan], window: int
) -> Iterator[tuple[PairPlan, Stages]]:
    """Keep at most `window` pairs in flight; yield each as it finishes (memory flat in N)."""
    todo = iter(pairs)
    in_flight: dict[PrefectFuture[Any], tuple[PairPlan, Stages]] = {}
    while True:
        while len(in_flight) < window and (pair := next(todo, None)) is not None:
            stages = _submit_pair(run_id, pair)
            in_flight[stages[-1][1]] = (pair, stages)
        if not in_flight:
            return
        done = next(as_completed(list(in_flight)))
        yield in_flight.pop(done)
