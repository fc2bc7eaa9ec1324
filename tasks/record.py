"""Record where a pair ended up in this run."""

from __future__ import annotations

from prefect import task

from aistudio import processing
from tasks.common import RETRIES, RETRY_DELAYS, retry_if_retryable, studio


@task(
    name="record",
    task_run_name="record {pair.label}",
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAYS,
    retry_condition_fn=retry_if_retryable,
)
def record(run_id: str, pair: processing.PairPlan, verdict: processing.Verdict) -> str:
    """Upload an accepted pair (S3 on) and write its state (done, rejected, skipped)."""
    return processing.record_pair(studio(), run_id=run_id, pair=pair, verdict=verdict)
