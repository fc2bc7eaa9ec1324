"""The build-dataset flow under Prefect: four tasks, a report artifact, the same version twice;
an API job's flow runs tell it which version they made."""

from __future__ import annotations

from pathlib import Path

import pytest
from prefect.artifacts import Artifact

from aistudio import dataset
from aistudio.api.jobs import JOB_TAG
from aistudio.consent.records import revoke_consent
from aistudio.core.errors import ConsentError
from aistudio.dataset import DatasetOptions
from aistudio.db import events, queries
from aistudio.db.api_tables import Job
from aistudio.studio import Studio
from tests.fakes.api import account
from tests.fakes.datasets import processed

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def test_the_flow_builds_a_version_reports_it_and_rebuilds_to_it(
    studio: Studio, tmp_path: Path
) -> None:
    from flows.build_dataset import build_dataset

    name = processed(studio, tmp_path, "anna_b")  # an underscore: not allowed in artifact keys
    first = build_dataset(model=name, options=DatasetOptions(family="sd15", max_images=4))
    assert (first["version"], first["new"]) == (1, True)
    info = dataset.show_dataset(studio, name)
    assert info.hash == first["hash"] and len(info.included) == 4
    assert {e["reason"] for e in info.excluded} == {"quality"}  # 6 good images, at most 4
    assert all(tuple(i["crop"][4:]) in dataset.crops.buckets("sd15") for i in info.included)  # type: ignore[index]
    report = Artifact.get("dataset-anna-b")
    assert report is not None and report.type == "markdown"
    text = str(report.data)
    assert "# anna_b dataset v1" in text and Path(info.contact_sheet).as_uri() in text
    assert text.count("| quality |") == 2
    scoring = Artifact.get("dataset-scoring-anna-b")
    assert scoring is not None and float(scoring.data) == 100.0  # type: ignore[arg-type]
    again = build_dataset(model=name, options=DatasetOptions(family="sd15", max_images=4))
    assert (again["version"], again["new"], again["hash"]) == (1, False, first["hash"])
    assert "unchanged" in str(Artifact.get("dataset-anna-b").data)  # type: ignore[union-attr]


def test_the_flow_refuses_a_model_without_consent_in_force(studio: Studio, tmp_path: Path) -> None:
    from flows.build_dataset import build_dataset

    name = processed(studio, tmp_path)
    revoke_consent(studio, name)
    with pytest.raises(ConsentError, match="no consent in force"):
        build_dataset(model=name)
    assert dataset.list_datasets(studio, name) == []


def test_an_api_jobs_build_and_captioning_tell_it_which_version_they_made(
    studio: Studio, tmp_path: Path
) -> None:
    from prefect import tags

    from flows.build_dataset import build_dataset
    from flows.caption_dataset import caption_dataset

    alice = account(studio, "alice")
    name = processed(studio, tmp_path, owner_id=alice.id)
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=name)
        for job in ("build", "caption"):
            session.add(Job(id=job, owner_id=alice.id, model_id=model_id, kind=job,
                            params_json="{}", deployment="x/default"))  # fmt: skip
    with tags(f"{JOB_TAG}build"):
        build_dataset(model=name, options=DatasetOptions(max_images=3))
    with tags(f"{JOB_TAG}caption"):
        caption_dataset(model=name, dataset_version=1, captioner="tagger", review=False)
    build_dataset(model=name, options=DatasetOptions(max_images=3))  # the CLI's: no job, no event
    with studio.read() as session:
        made = {job: [(e.type, events.data(e)) for e in events.since(session, job, 0, 100)]
                for job in ("build", "caption")}  # fmt: skip
    assert made == {
        "build": [("result", {"dataset_version": 1, "new": True})],
        "caption": [("result", {"dataset_version": 2, "new": True})],
    }
