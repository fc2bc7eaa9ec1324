"""Quality gate on a pair's final image."""

from __future__ import annotations

from prefect import task

from aistudio import pipeline
from tasks.common import studio


@task(name="validate", task_run_name="validate {pair.label}")
def validate(
    run_id: str, pair: pipeline.PairPlan, result: pipeline.StageResult
) -> pipeline.Verdict:
    """Accept or reject the final image (decodes, face, size, resolution)."""
    return pipeline.validate_result(studio(), run_id=run_id, pair=pair, result=result)
