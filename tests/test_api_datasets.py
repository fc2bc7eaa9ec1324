"""Datasets over the API: a build is a job (or a dry run that starts nothing), versions are
listed and shown with their images and contact sheet, and a person's override is a new version."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlmodel import select

from aistudio import dataset
from aistudio.consent.records import revoke_consent
from aistudio.db.api_tables import Job
from aistudio.db.tables import DatasetVersion
from aistudio.studio import Studio
from tests.fakes.api import api_client
from tests.fakes.api_world import World, build_world
from tests.fakes.prefect_server import FakePrefect


@pytest.fixture
def world(studio: Studio, tmp_path: Path) -> World:
    return build_world(studio, tmp_path / "photos")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_build_is_a_job_and_a_dry_run_starts_nothing(world: World) -> None:
    prefect = FakePrefect()
    client = api_client(world.studio)
    client.app.state.prefect = prefect.client()  # type: ignore[attr-defined]
    ada, ben = world.tenants
    url = f"/api/v1/models/{ada.model}/datasets"
    dry = client.post(f"{url}?dry_run=true", json={"max_images": 3}, headers=ada.auth)
    assert dry.status_code == 200, dry.text
    body = dry.json()
    config = world.studio.config(ada.model)
    assert body["options"] == {"max_images": 3, "family": config.family, "include_sources": False}
    assert (body["candidates"], body["results"], body["sources"]) == (2, 2, 0)  # the done pairs
    assert prefect.runs == {}
    made = client.post(url, json={"family": "sd15"}, headers={"Idempotency-Key": "b1", **ada.auth})
    assert made.status_code == 201, made.text
    job = made.json()
    assert job["kind"] == "dataset" and job["state"] == "queued"
    (run,) = prefect.runs.values()
    assert run["deployment_id"] == prefect.deployments["build-dataset/default"]
    assert run["parameters"] == {
        "model": ada.model,
        "options": {"max_images": None, "family": "sd15", "include_sources": False},
    }
    assert run["tags"] == [f"aistudio-job:{job['id']}"]
    again = client.post(url, json={"family": "sd15"}, headers={"Idempotency-Key": "b1", **ada.auth})
    assert again.status_code == 200 and again.json()["id"] == job["id"]
    # User mistakes answer 4xx before anything starts.
    bad = client.post(url, json={"family": "nope"}, headers=ada.auth)
    assert bad.status_code == 422 and "family" in bad.json()["detail"]
    assert client.post(url, json={"colour": 1}, headers=ada.auth).status_code == 422
    assert client.post(url, json={}, headers=ben.auth).status_code == 404
    revoke_consent(world.studio, ada.model)
    refused = client.post(url, json={}, headers=ada.auth)
    assert refused.status_code == 409 and "no consent in force" in refused.json()["detail"]
    dry = client.post(f"{url}?dry_run=true", json={}, headers=ada.auth)
    assert dry.status_code == 409
    assert len(prefect.runs) == 1
    with world.studio.read() as session:
        assert len(session.exec(select(Job).where(Job.kind == "dataset")).all()) == 1


def test_versions_are_listed_and_shown_with_their_images_and_contact_sheet(world: World) -> None:
    client = api_client(world.studio)
    ada, ben = world.tenants
    base = f"/api/v1/models/{ada.model}/datasets"
    listed = client.get(base, headers=ada.auth)
    assert listed.status_code == 200, listed.text
    (summary,) = listed.json()["items"]
    assert (summary["version"], summary["included"], summary["excluded"]) == (1, 2, 0)
    assert summary["reviewed_by"] is None and listed.json()["next"] is None
    shown = client.get(f"{base}/1", headers=ada.auth)
    assert shown.status_code == 200, shown.text
    info = shown.json()
    cli = dataset.show_dataset(world.studio, ada.model, 1)  # what `dataset show --json` says
    assert info["hash"] == cli.hash and [i["file"] for i in info["included"]] == [
        i["file"] for i in cli.included
    ]
    first = info["included"][0]
    assert (
        first["included"]
        and first["image"] == "001.jpg"
        and first["crop"] == cli.included[0]["crop"]
    )
    assert (
        first["scores"]["width"] == 512
    )  # an enhanced 256 px result and first["auto_included"] is None
    image = client.get(first["image_url"], headers=ada.auth)
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert image.content == (Path(cli.path) / "imagefolder" / "001.jpg").read_bytes()
    sheet = client.get(info["contact_sheet_url"], headers=ada.auth)
    assert sheet.status_code == 200 and sheet.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert _sha(sheet.content) == _sha(Path(cli.contact_sheet).read_bytes())
    # Missing versions and images, and another user's, answer 404 alike.
    assert client.get(f"{base}/7", headers=ada.auth).status_code == 404
    assert client.get(f"{base}/1/images/009.jpg", headers=ada.auth).status_code == 404
    assert client.get(f"{base}/1/images/..%2Fdataset.json", headers=ada.auth).status_code in (
        404,
        422,
    )
    for url in (base, f"{base}/1", first["image_url"], info["contact_sheet_url"]):
        assert client.get(url, headers=ben.auth).status_code == 404, url
    # A stored path that leads out of the model's folder is refused.
    with world.studio.session() as session:
        row = session.exec(
            select(DatasetVersion).where(DatasetVersion.path.contains(ada.model))
        ).first()  # type: ignore[attr-defined]
        assert row is not None
        row.path = row.path.replace(f"models/{ada.model}", f"models/{ben.model}")
        session.add(row)
    refused = client.get(first["image_url"], headers=ada.auth)
    assert refused.status_code == 422 and "stay in its folder" in refused.json()["detail"]
    # Once consent is revoked the images are not served (a link is a share link).
    with world.studio.session() as session:
        row = session.exec(
            select(DatasetVersion).where(DatasetVersion.path.contains(ben.model))
        ).first()  # type: ignore[attr-defined]
        assert row is not None
        row.path = row.path.replace(f"models/{ben.model}", f"models/{ada.model}")
        session.add(row)
    assert client.get(first["image_url"], headers=ada.auth).status_code == 200
    revoke_consent(world.studio, ada.model)
    assert client.get(first["image_url"], headers=ada.auth).status_code == 409
    assert client.get(info["contact_sheet_url"], headers=ada.auth).status_code == 409


def test_an_override_is_a_new_version_and_the_same_one_again_is_that_version(
    world: World,
) -> None:
    client = api_client(world.studio)
    ada, ben = world.tenants
    url = f"/api/v1/models/{ada.model}/datasets/1/overrides"
    change = {"file": ada.dataset_file, "keep": False, "reason": "eyes closed"}
    made = client.post(url, json={"changes": [change]}, headers=ada.auth)
    assert made.status_code == 201, made.text
    v2 = made.json()
    assert (v2["version"], v2["overridden_from"], v2["reviewed_by"]) == (2, 1, None)
    (out,) = v2["excluded"]
    assert (out["file"], out["reason"], out["detail"]) == (
        ada.dataset_file,
        "override",
        "eyes closed",
    )
    assert (out["auto_included"], out["override_by"]) == (True, f"api:{ada.account.name}")
    assert out["image_url"] is None and len(v2["included"]) == 1
    # Every candidate, in or out, downloads as stored (uncropped): what a person judges.
    items = v2["included"] + v2["excluded"]
    at = f"/api/v1/models/{ada.model}/datasets/2/candidates"
    assert [i["candidate_url"] for i in items] == [f"{at}/{n}" for n in range(2)]
    for item in items:
        got = client.get(item["candidate_url"], headers=ada.auth)
        assert got.status_code == 200 and got.headers["content-type"] == "image/jpeg"
        assert got.content == (world.studio.home / item["file"]).read_bytes()
    assert client.get(f"{at}/2", headers=ada.auth).status_code == 404
    assert client.get(out["candidate_url"], headers=ben.auth).status_code == 404
    again = client.post(url, json={"changes": [change]}, headers=ada.auth)
    assert again.status_code == 200 and again.json()["hash"] == v2["hash"]
    listed = client.get(f"/api/v1/models/{ada.model}/datasets", headers=ada.auth).json()
    assert [(v["version"], v["overridden_from"]) for v in listed["items"]] == [(1, None), (2, 1)]
    paged = client.get(f"/api/v1/models/{ada.model}/datasets?limit=1", headers=ada.auth).json()
    assert [v["version"] for v in paged["items"]] == [1] and paged["next"] == "1"
    # A file the version does not have, a blank reason, an empty change list: 422.
    for body in (
        {"changes": [{**change, "file": "nobody.jpg"}]},
        {"changes": [{**change, "reason": "   "}]},
        {"changes": []},
    ):
        got = client.post(url, json=body, headers=ada.auth)
        assert got.status_code == 422, (body, got.text)
    everything = [{**change, "file": i["file"]} for i in client.get(
        f"/api/v1/models/{ada.model}/datasets/1", headers=ada.auth).json()["included"]]  # fmt: skip
    got = client.post(url, json={"changes": everything}, headers=ada.auth)
    assert got.status_code == 422 and "nothing would be left" in got.json()["detail"]
    assert client.post(url, json={"changes": [change]}, headers=ben.auth).status_code == 404
    assert [v.number for v in dataset.list_datasets(world.studio, ada.model)] == [1, 2]
    revoke_consent(world.studio, ada.model)  # a candidate's link is a share link too
    assert client.get(out["candidate_url"], headers=ada.auth).status_code == 409
