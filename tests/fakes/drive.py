"""Drive a model's pairs through the library stages in threads, retrying what is retryable.

What the flow does, without Prefect, so tests and benches can start and kill it cheaply:
    python -m tests.fakes.drive MODEL PROVIDER WORKERS
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import select

from aistudio import processing
from aistudio.core.config import get_settings
from aistudio.core.errors import StudioError
from aistudio.db.tables import LedgerEntry
from aistudio.studio import Studio


def one_pair(studio: Studio, run_id: str, pair: processing.PairPlan) -> str:
    """One pair through its stages; returns its status or the error."""
    try:
        return processing.process_pair(studio, run_id=run_id, pair=pair)
    except StudioError as exc:
        return f"error: {exc}"


def open_run(
    studio: Studio,
    model: str,
    provider: str,
    *,
    budget: float | None = None,
    category: str = "both",
) -> tuple[processing.Plan, str]:
    """Plan a model's pairs, estimate them and open a run, as the flow's first tasks do."""
    plan = processing.plan_pairs(studio, model=model, provider=provider)
    estimate = processing.estimate_cost(studio, plan=plan)
    run_id = processing.start_run(
        studio, plan=plan, estimate=estimate, budget=budget, category=category
    )
    return plan, run_id


def drive(studio: Studio, model: str, provider: str, workers: int) -> processing.RunSummary:
    """Plan, run every pair with `workers` threads, and close the run."""
    plan, run_id = open_run(studio, model, provider)
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda p: one_pair(studio, run_id, p), plan.pairs))
    return processing.finish_run(studio, run_id=run_id)


if __name__ == "__main__":
    summary = drive(Studio(get_settings()), sys.argv[1], sys.argv[2], int(sys.argv[3]))
    print(summary.model_dump_json())


def run_all(
    studio: Studio, name: str, *, provider: str = "fake", budget: float | None = None
) -> processing.RunSummary:
    """Run every stage in order, as the flow does, without Prefect."""
    plan, run_id = open_run(studio, name, provider, budget=budget)
    for pair in plan.pairs:
        processing.process_pair(studio, run_id=run_id, pair=pair, tries=1)
    return processing.finish_run(studio, run_id=run_id)


def ledger_credits(studio: Studio) -> float:
    """Credits booked in the studio's ledger, all runs."""
    with studio.session() as session:
        return sum(e.credits for e in session.exec(select(LedgerEntry)).all())
