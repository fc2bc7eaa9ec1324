"""Record where a pair ended up in this run: its state, and its files in S3."""

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


@task(name="fail", task_run_name="fail {pair.label}")
def fail(run_id: str, pair: processing.PairPlan, reason: str) -> str:
    """Mark a pair whose stage raised as failed, with the reason (the summary shows it)."""
    return processing.fail_pair(studio(), run_id=run_id, pair=pair, reason=reason)
