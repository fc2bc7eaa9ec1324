"""The caption stages: caption a version, apply a person's review; and the review form the
Prefect UI shows when the flow pauses (a RunInput with one caption field per image)."""

from __future__ import annotations

from typing import Any

import pydantic
from prefect import task
from prefect.input import RunInput

from aistudio import captions
from aistudio.captions.template import MAX_CAPTION_CHARS, MAX_REVIEWER_CHARS
from aistudio.core.config import Captioner
from aistudio.dataset import DatasetInfo
from tasks.common import (
    RETRIES,
    RETRY_DELAYS,
    ProgressBar,
    job_event,
    retry_if_retryable,
    studio,
)


class CaptionReview(RunInput):
    """What the reviewer sends back: approve, who they are; the captions are added per image."""

    # Approval is an act: the switch starts off, and the reviewer must say who they are.
    approve: bool = pydantic.Field(
        default=False, description="Approve these captions for training (switch on to approve)"
    )
    reviewer: str = pydantic.Field(
        min_length=1, max_length=MAX_REVIEWER_CHARS, description="Your name, for the audit log"
    )


def field_name(image: str) -> str:
    """001.jpg -> image_001: a form field name Prefect and pydantic accept."""
    return "image_" + image.rsplit(".", 1)[0]


def review_form(info: DatasetInfo) -> type[CaptionReview]:
    """The form: one editable caption per image, with the version's details above it."""
    fields: dict[str, Any] = {
        field_name(str(item["image"])): (
            str,
            pydantic.Field(
                default=str(item.get("caption") or ""),
                title=str(item["image"]),
                max_length=MAX_CAPTION_CHARS,
            ),
        )
        for item in info.included
    }
    form = pydantic.create_model("CaptionReview", __base__=CaptionReview, **fields)
    return form.with_initial_data(
        description=(
            f"**{info.model} dataset v{info.version}**: {len(info.included)} captions to "
            f"review. Each must start with the trigger. Contact sheet: `{info.contact_sheet}`"
        )
    )


def edits_from(answer: CaptionReview, info: DatasetInfo) -> dict[str, str]:
    """The captions the reviewer changed, by image name."""
    sent = answer.model_dump()
    out = {}
    for item in info.included:
        image = str(item["image"])
        text = " ".join(str(sent.get(field_name(image), "")).split())
        if text and text != item.get("caption"):
            out[image] = text
    return out


@task(
    name="caption",
    task_run_name="caption {model}",
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAYS,
    retry_condition_fn=retry_if_retryable,
)
def caption(model: str, dataset_version: int | None, captioner: Captioner | None) -> DatasetInfo:
    """Caption a dataset version (a new, unreviewed version); an API job learns which."""
    bar = ProgressBar("captioning", model, "images captioned")
    made = captions.caption_dataset(studio(), model, dataset_version, captioner, progress=bar)
    job_event("result", dataset_version=made.version, new=made.new)
    return made


@task(name="coverage", task_run_name="coverage {model} v{version}")
def coverage(model: str, version: int) -> captions.Coverage:
    """Missing, over-long and trigger-less captions, and the tag frequency."""
    return captions.coverage(studio(), model, version)


@task(name="apply-review", task_run_name="review {model} v{version}")
def apply_review(
    model: str, version: int, edits: dict[str, str], approve: bool, author: str
) -> DatasetInfo:
    """The reviewer's edits as a new version (approved when they said so)."""
    return captions.apply_review(studio(), model, version, edits, approved=approve, author=author)
