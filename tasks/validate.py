"""Quality gate on a pair's final image."""

from __future__ import annotations

from prefect import task

from aistudio import processing
from tasks.common import studio


@task(name="validate", task_run_name="validate {pair.label}")
def validate(
    run_id: str, pair: processing.PairPlan, result: processing.StageResult
) -> processing.Verdict:
    """Accept or reject the final image (decodes, face, size, resolution)."""
    return processing.validate_result(studio(), run_id=run_id, pair=pair, result=result)
