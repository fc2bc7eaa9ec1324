"""Drive a model's pairs through the library stages in threads, retrying what is retryable.

What the flow does, without Prefect, so tests and benches can start and kill it cheaply:
    python -m tests.fakes.drive MODEL PROVIDER WORKERS
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from aistudio import pipeline
from aistudio.config import get_settings
from aistudio.errors import StudioError, is_retryable
from aistudio.studio import Studio

T = TypeVar("T")


def _retrying(fn: Any, tries: int = 4, **kwargs: Any) -> Any:
    for attempt in range(tries):
        try:
            return fn(**kwargs)
        except StudioError as exc:
            if not is_retryable(exc) or attempt == tries - 1:
                raise
    raise AssertionError("unreachable")


def one_pair(studio: Studio, run_id: str, pair: pipeline.PairPlan) -> str:
    """swap -> enhance -> validate -> record for one pair; returns its status or the error."""
    try:
        s = _retrying(pipeline.swap_pair, studio=studio, run_id=run_id, pair=pair)
        e = _retrying(pipeline.enhance_pair, studio=studio, run_id=run_id, pair=pair, swapped=s)
        v = pipeline.validate_result(studio, run_id=run_id, pair=pair, result=e)
        return str(
            _retrying(pipeline.record_pair, studio=studio, run_id=run_id, pair=pair, verdict=v)
        )
    except StudioError as exc:
        return f"error: {exc}"


def open_run(
    studio: Studio,
    model: str,
    provider: str,
    *,
    budget: float | None = None,
    category: str = "both",
) -> tuple[pipeline.Plan, str]:
    """Plan a model's pairs, estimate them and open a run, as the flow's first tasks do."""
    plan = pipeline.plan_pairs(studio, model=model, provider=provider)
    estimate = pipeline.estimate_cost(studio, plan=plan)
    run_id = pipeline.start_run(
        studio, plan=plan, estimate=estimate, budget=budget, category=category
    )
    return plan, run_id


def drive(studio: Studio, model: str, provider: str, workers: int) -> pipeline.RunSummary:
    """Plan, run every pair with `workers` threads, and close the run."""
    plan, run_id = open_run(studio, model, provider)
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda p: one_pair(studio, run_id, p), plan.pairs))
    return pipeline.finish_run(studio, run_id=run_id)


if __name__ == "__main__":
    summary = drive(Studio(get_settings()), sys.argv[1], sys.argv[2], int(sys.argv[3]))
    print(summary.model_dump_json())
