"""build-dataset: score, select, crop and write a model's training dataset as a new version."""

from __future__ import annotations

from typing import Any, Literal

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from aistudio.dataset import summary_markdown
from tasks.common import artifact_key
from tasks.dataset import crop, score, select, write


@flow(name="build-dataset", log_prints=True)
def build_dataset(
    model: str,
    max_images: int | None = None,
    family: Literal["sd15", "sdxl", "flux"] = "sdxl",
    include_sources: bool = False,
) -> dict[str, Any]:
    """Build a training dataset from a model's accepted results.

    Args:
        model: The model (persona) name, e.g. andie.
        max_images: Images at most (default: the model's config.json, normally 40).
        family: Base family the crops are for: sd15 (512 px), sdxl or flux (1024 px).
        include_sources: Also train on source photos (a few are always held out as references).
    """
    pool = score(model, include_sources)
    choice = select(model, pool, max_images)
    plan = crop(model, pool, choice, family)
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
