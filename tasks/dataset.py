"""The dataset stages: score, select, crop, write (each one library step)."""

from __future__ import annotations

from prefect import task

from aistudio import dataset
from tasks.common import (
    RETRIES,
    RETRY_DELAYS,
    ProgressBar,
    job_event,
    retry_if_retryable,
    studio,
)


# Scores are stored by image hash, so a retry or a rerun measures only what is new.
@task(
    name="score",
    task_run_name="score {model}",
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAYS,
    retry_condition_fn=retry_if_retryable,
)
def score(model: str, include_sources: bool) -> dataset.Pool:
    """Gather and score the candidates."""
    bar = ProgressBar("dataset-scoring", model, "candidates scored")
    return dataset.score_pool(studio(), model, include_sources=include_sources, progress=bar)


@task(name="select", task_run_name="select {model}")
def select(model: str, pool: dataset.Pool, max_images: int | None) -> dataset.Choice:
    """Apply the rules and choose the best varied set."""
    return dataset.select_images(studio(), model, pool, max_images=max_images)


@task(name="crop", task_run_name="crop {model}")
def crop(
    model: str, pool: dataset.Pool, choice: dataset.Choice, family: dataset.Family | None
) -> dataset.Plan:
    """Plan each chosen image's crop and caption, and the content hash."""
    return dataset.plan_crops(studio(), model, pool, choice, family=family)


@task(
    name="write",
    task_run_name="write {model}",
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAYS,
    retry_condition_fn=retry_if_retryable,
)
def write(model: str, pool: dataset.Pool, plan: dataset.Plan) -> dataset.DatasetInfo:
    """Write the version (or find the one with the same content); an API job learns which."""
    info = dataset.write_dataset(studio(), model, pool, plan)
    job_event("result", dataset_version=info.version, new=info.new)
    return info
