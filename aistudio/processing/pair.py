"""One pair through all its stages, for callers without Prefect (tests, benches, scripts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from aistudio.core.errors import StudioError, is_retryable
from aistudio.processing.plan import PairPlan
from aistudio.processing.runs import describe_failure, fail_pair, record_pair
from aistudio.processing.stages import enhance_pair, swap_pair
from aistudio.processing.validate import validate_result
from aistudio.studio import Studio

T = TypeVar("T")


def _retrying(fn: Callable[[], T], tries: int) -> T:
    for attempt in range(tries):
        try:
            return fn()
        except StudioError as exc:
            if not is_retryable(exc) or attempt == tries - 1:
                raise
    raise AssertionError("unreachable")


def process_pair(studio: Studio, *, run_id: str, pair: PairPlan, tries: int = 4) -> str:
    """swap -> enhance -> validate -> record, retrying what is retryable; returns the status.

    Whatever a stage raises, the pair ends with a state: failed, with the stage and the reason.
    """
    stage = "swap"
    try:
        swapped = _retrying(lambda: swap_pair(studio, run_id=run_id, pair=pair), tries)
        stage = "enhance"
        enhanced = _retrying(
            lambda: enhance_pair(studio, run_id=run_id, pair=pair, swapped=swapped), tries
        )
        stage = "validate"
        verdict = validate_result(studio, run_id=run_id, pair=pair, result=enhanced)
        stage = "record"
        return _retrying(
            lambda: record_pair(studio, run_id=run_id, pair=pair, verdict=verdict), tries
        )
    except Exception as exc:
        fail_pair(studio, run_id=run_id, pair=pair, reason=describe_failure(stage, exc))
        raise
