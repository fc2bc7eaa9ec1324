"""build-dataset: score, select, crop and write a model's training dataset as a new version."""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from aistudio.dataset import DatasetOptions, summary_markdown
from tasks.common import artifact_key
from tasks.dataset import crop, score, select, write

DEFAULTS = DatasetOptions()


@flow(name="build-dataset", log_prints=True)
def build_dataset(model: str, options: DatasetOptions = DEFAULTS) -> dict[str, Any]:
    """Build a training dataset from a model's accepted results.

    Args:
        model: The model (persona) name, e.g. andie.
        options: What the build chooses, each as `aistudio dataset build --help` explains it;
            left empty, the model's own settings (its family, 40 images at most).
    """
    pool = score(model, options.include_sources)
    choice = select(model, pool, options.max_images)
    plan = crop(model, pool, choice, options.family)
    info = write(model, pool, plan)
    create_markdown_artifact(
        key=artifact_key("dataset", model),
        markdown=summary_markdown(info),
        description=f"{model} dataset v{info.version}",
    )
    get_run_logger().info(
        "%s dataset v%d: %d in, %d out, at %s",
        model,
        info.version,
        len(info.included),
        len(info.excluded),
        info.path,
    )
    return info.model_dump(include={"model", "version", "hash", "path", "contact_sheet", "new"})
