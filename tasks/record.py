"""Record where a pair ended up in this run."""

from __future__ import annotations

from prefect import task

from aistudio import pipeline
from tasks.common import studio


@task(name="record", task_run_name="record {pair.label}")
def record(run_id: str, pair: pipeline.PairPlan, verdict: pipeline.Verdict) -> str:
    """Write the pair's state (done, rejected, skipped) to the studio database."""
    return pipeline.record_pair(studio(), run_id=run_id, pair=pair, verdict=verdict)
