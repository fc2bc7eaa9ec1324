"""Enhance stage: 2x upscale of a swapped image, cached across runs by content."""

from __future__ import annotations

from typing import Any

from prefect import task
from prefect.context import TaskRunContext

from aistudio import processing
from tasks.common import RETRIES, RETRY_DELAYS, retry_if_retryable, studio


def enhance_cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str | None:
    """The library's rule: a key only while the stored enhance of this swap is intact."""
    pair: processing.PairPlan = parameters["pair"]
    swapped: processing.StageResult = parameters["swapped"]
    if swapped.status != "ok" or not pair.enhance or swapped.sha256 is None:
        return None
    key = processing.enhance_key(pair.provider, swapped.sha256)
    return processing.cache_key(studio(), pair=pair, stage="enhanced", key=key)


@task(
    name="enhance",
    task_run_name="enhance {pair.label}",
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAYS,
    retry_condition_fn=retry_if_retryable,
    cache_key_fn=enhance_cache_key,
    persist_result=True,
)
def enhance(
    run_id: str, pair: processing.PairPlan, swapped: processing.StageResult
) -> processing.StageResult:
    """Enhance one pair's swapped image."""
    return processing.enhance_pair(studio(), run_id=run_id, pair=pair, swapped=swapped)
