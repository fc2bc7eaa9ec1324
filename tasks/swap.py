"""Swap stage: the source face onto the target, cached across runs by content."""

from __future__ import annotations

from typing import Any

from prefect import task
from prefect.context import TaskRunContext

from aistudio import processing
from tasks.common import RETRIES, RETRY_DELAYS, retry_if_retryable, studio


def swap_cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str | None:
    """The library's rule: a key only while the stored swap for these inputs is intact."""
    pair: processing.PairPlan = parameters["pair"]
    return processing.cache_key(studio(), pair=pair, stage="swapped", key=pair.swap_key)


@task(
    name="swap",
    task_run_name="swap {pair.label}",
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAYS,
    retry_condition_fn=retry_if_retryable,
    cache_key_fn=swap_cache_key,
    persist_result=True,
)
def swap(run_id: str, pair: processing.PairPlan) -> processing.StageResult:
    """Swap one pair (a stored result for the same inputs is reused, never paid twice)."""
    return processing.swap_pair(studio(), run_id=run_id, pair=pair)
