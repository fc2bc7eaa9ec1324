"""The caption-dataset flow under Prefect: it captions, pauses for review, and resumes with
the reviewer's edits into a new, approved version."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from prefect.artifacts import Artifact
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterState, FlowRunFilterStateType
from prefect.client.schemas.objects import StateType
from prefect.flow_runs import resume_flow_run

from aistudio import captions, dataset
from aistudio.studio import Studio
from tests.fakes.datasets import processed

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def _paused_run(timeout: float = 120) -> Any:
    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            runs = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(
                    state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED]))
                )
            )
            if runs:
                return runs[0]
            time.sleep(0.5)
    raise AssertionError("the flow never paused for review")


def test_the_flow_pauses_for_review_and_resumes_with_the_edits(
    studio: Studio, tmp_path: Path
) -> None:
    from flows.caption_dataset import caption_dataset

    name = processed(studio, tmp_path)
    dataset.build_dataset(studio, name, max_images=3)
    out: dict[str, Any] = {}
    runner = threading.Thread(target=lambda: out.update(caption_dataset(model=name)))
    runner.start()
    run = _paused_run()
    captioned = dataset.show_dataset(studio, name)  # v2, captioned and waiting
    assert captioned.version == 2 and captioned.reviewed_by is None
    keys = run.state.state_details.run_input_keyset
    assert keys is not None  # the run waits for input, not a plain resume
    resume_flow_run(
        run.id,
        run_input={
            "approve": True,
            "reviewer": "ana",
            "image_001": "a photo of andie, person, on a beach at sunset",
            "image_002": str(captioned.included[1]["caption"]),  # unchanged
            "image_003": "a photo of andie, person, reading in a cafe",
        },
    )
    runner.join(120)
    assert not runner.is_alive()
    assert out == {"model": name, "version": 3, "edited": 2, "reviewed": True}
    final = dataset.show_dataset(studio, name, 3)
    assert final.reviewed_by == "ana" and final.captioned_from == 2
    texts = {i["image"]: i["caption"] for i in final.included}
    assert texts["001.jpg"] == "a photo of andie, person, on a beach at sunset"
    kohya = next((Path(final.path) / "kohya").glob("*_andie person"))
    assert (kohya / "003.txt").read_text() == "a photo of andie, person, reading in a cafe\n"
    assert [e.author for e in captions.caption_log(studio, name, 3)] == ["ana", "ana"]
    table = Artifact.get("captions-andie")
    assert table is not None and "3 images, 0 without a caption" in (table.description or "")
