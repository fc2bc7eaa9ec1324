"""caption-dataset: caption a dataset version, pause for a person's review in the Prefect UI,
then write the reviewed version."""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact
from prefect.flow_runs import pause_flow_run

from aistudio.core.config import Captioner
from tasks.captions import apply_review, caption, coverage, edits_from, review_form
from tasks.common import artifact_key

POLL_SECONDS = 2  # how often a paused run checks for the reviewer's answer


@flow(name="caption-dataset", log_prints=True)
def caption_dataset(
    model: str,
    dataset_version: int | None = None,
    captioner: Captioner | None = None,
    review: bool = True,
    review_timeout_hours: float = 24.0,
) -> dict[str, Any]:
    """Caption a training dataset, then wait for a person to review it.

    Args:
        model: The model (persona) name, e.g. andie.
        dataset_version: The dataset version to caption (default: the newest).
        captioner: tagger (offline, deterministic) or a vision-language model: florence2,
            blip, blip2, qwen2.5-vl, joycaption (default: the model's config.json).
        review: Pause for review: the Resume form lists each caption, editable, and an approve
            switch; the edits become a new, reviewed version.
        review_timeout_hours: Fail the run when nobody reviews it within this time.
    """
    logger = get_run_logger()
    made = caption(model, dataset_version, captioner)
    cov = coverage(model, made.version)
    create_table_artifact(
        key=artifact_key("captions", model),
        table=[{"tag": t, "images": n} for f in cov.tag_frequency.values() for t, n in f.items()],
        description=(
            f"{model} dataset v{made.version}: {cov.images} images, {len(cov.missing)} without "
            f"a caption, {len(cov.over_length)} too long, {len(cov.no_trigger)} without the "
            "trigger"
        ),
    )
    if not review:
        return {"model": model, "version": made.version, "reviewed": False}
    logger.info("%s dataset v%d: waiting for review (Resume in the UI)", model, made.version)
    answer = pause_flow_run(
        wait_for_input=review_form(made),
        timeout=round(review_timeout_hours * 3600),
        poll_interval=POLL_SECONDS,
    )
    edits = edits_from(answer, made)
    final = apply_review(model, made.version, edits, answer.approve, answer.reviewer)
    logger.info("%s: %d captions edited, dataset v%d", model, len(edits), final.version)
    return {
        "model": model,
        "version": final.version,
        "edited": len(edits),
        "reviewed": final.reviewed_by is not None,
    }
