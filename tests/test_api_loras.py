"""LoRA versions over the API: list and show with scores and samples per checkpoint, compare,
export (a job when it resizes), download (presigned or streamed), verify of an uploaded file;
and a withdrawn version, refused everywhere it would be served."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import cv2
import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient

from aistudio.consent import audit
from aistudio.consent.records import set_consent
from aistudio.core.naming import storage_key
from aistudio.dataset.report import THUMB
from aistudio.db import queries
from aistudio.ingest.importer import create_model
from aistudio.storage import get_storage
from aistudio.studio import Studio
from aistudio.training import show_lora
from aistudio.training.compare import HEAD_H, LABEL_W
from aistudio.training.consent import file_metadata
from tests.fakes.api import Account, account, api_client
from tests.fakes.loras import fake_lora
from tests.fakes.prefect_server import FakePrefect

NAME = "andie"
BASE = f"/api/v1/models/{NAME}/loras"


@dataclass
class Setup:
    """A client, ada (who owns andie, with two LoRA versions) and ben, and the fake Prefect."""

    client: TestClient
    ada: Account
    ben: Account
    prefect: FakePrefect


@pytest.fixture
def setup(studio: Studio) -> Setup:
    ada, ben = account(studio, "ada"), account(studio, "ben")
    create_model(studio, NAME, owner_id=ada.id)
    set_consent(studio, NAME, kind="synthetic", scopes="sfw", attest_adult=True, subject="a")
    fake_lora(studio, NAME)
    fake_lora(studio, NAME, seed=1)
    client = api_client(studio)
    prefect = FakePrefect()
    client.app.state.prefect = prefect.client()  # type: ignore[attr-defined]
    return Setup(client, ada, ben, prefect)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_versions_list_and_show_scores_samples_and_file(studio: Studio, setup: Setup) -> None:
    client, ada = setup.client, setup.ada
    listed = client.get(BASE, headers=ada.auth, params={"limit": 1})
    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert [v["version"] for v in page["items"]] == [1] and page["next"] == "1"
    second = client.get(BASE, headers=ada.auth, params={"after": page["next"]}).json()
    assert [v["version"] for v in second["items"]] == [2] and second["next"] is None

    shown = client.get(f"{BASE}/1", headers=ada.auth).json()
    info = show_lora(studio, NAME, 1)
    assert shown["params"] == info.params and shown["params"]["rank"] == 4
    assert (shown["base"], shown["base_license"]) == ("tiny-sd15", "openrail")
    assert shown["consent_hash"] == info.consent_hash and shown["status"] == "done"
    assert (shown["steps"], shown["best_step"], shown["withdrawn"]) == (4, 4, False)
    assert [(c["step"], c["best"]) for c in shown["checkpoints"]] == [(2, False), (4, True)]
    best = shown["checkpoints"][1]
    assert best["metrics"]["identity"] == pytest.approx(0.6) and best["metrics"]["bleed"] is None
    assert best["samples"] == [f"{BASE}/1/checkpoints/4/samples/{i}" for i in range(3)]
    sample = client.get(best["samples"][2], headers=ada.auth)  # the prompt without the trigger
    folder = Path(info.training_dir) / "samples" / "step-000004"
    assert sample.status_code == 200 and sample.headers["content-type"] == "image/jpeg"
    assert sample.content == (folder / "plain-00.jpg").read_bytes()
    missing = client.get(f"{BASE}/1/checkpoints/4/samples/3", headers=ada.auth)
    assert missing.status_code == 404
    assert str(studio.home) not in json.dumps(shown)  # no server paths
    assert shown["file"]["sha256"] == info.file_sha256 and shown["file"]["rank"] == 4
    got = client.get(shown["file"]["url"], headers=ada.auth)
    assert got.status_code == 200 and sha(got.content) == info.file_sha256

    assert client.get(f"{BASE}/3", headers=ada.auth).status_code == 404
    theirs = client.get(f"{BASE}/1", headers=setup.ben.auth)
    nobody = client.get("/api/v1/models/nobody/loras/1", headers=setup.ben.auth)
    assert theirs.status_code == nobody.status_code == 404
    assert theirs.json()["detail"].replace(NAME, "nobody") == nobody.json()["detail"]


def test_compare_gives_each_versions_numbers_and_the_grid(setup: Setup) -> None:
    client, ada = setup.client, setup.ada
    compared = client.post(f"{BASE}/compare", headers=ada.auth, json={"versions": [1, 2]})
    assert compared.status_code == 200, compared.text
    body = compared.json()
    rows = [(r["version"], r["best_step"], r["rank"]) for r in body["rows"]]
    assert rows == [(1, 4, 4), (2, 4, 4)]
    assert body["rows"][0]["metrics"]["identity"] == pytest.approx(0.6)
    assert body["grid_url"] == f"{BASE}/compare/grid?versions=1&versions=2"
    grid = client.get(body["grid_url"], headers=ada.auth)
    assert grid.status_code == 200 and grid.headers["content-type"] == "image/png"
    image = cv2.imdecode(np.frombuffer(grid.content, np.uint8), cv2.IMREAD_COLOR)
    # a row a version, a column for each of the trigger's two prompts
    assert image.shape == (HEAD_H + 2 * (THUMB + 8), LABEL_W + 2 * (THUMB + 8), 3)
    default = client.get(f"{BASE}/compare/grid", headers=ada.auth)  # every finished version
    assert default.status_code == 200 and default.content == grid.content
    alone = client.post(f"{BASE}/compare", headers=ada.auth, json={"versions": [1]})
    assert alone.status_code == 422
    unknown = client.post(f"{BASE}/compare", headers=ada.auth, json={"versions": [1, 7]})
    assert unknown.status_code == 404 and "no LoRA v7" in unknown.json()["detail"]


@pytest.mark.usefixtures("prefect_harness")
def test_an_export_without_a_resize_is_ready_at_once_and_a_resize_is_a_job(
    studio: Studio, setup: Setup
) -> None:
    from prefect import tags

    from flows.export_lora import export_lora

    client, ada = setup.client, setup.ada
    made = client.post(f"{BASE}/1/exports", headers=ada.auth, json={"step": 2, "max_rank": 8})
    assert made.status_code == 200, made.text
    ready = made.json()
    assert ready["state"] == "ready" and ready["job"] is None
    assert (ready["file"]["step"], ready["file"]["rank"], ready["file"]["format"]) == (
        2, 4, "kohya",
    )  # fmt: skip
    assert ready["url"] == f"{BASE}/1/file?format=kohya&step=2"
    got = client.get(ready["url"], headers=ada.auth)
    assert got.status_code == 200 and sha(got.content) == ready["file"]["sha256"]
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=NAME)
        last = audit.events(session, model_id=model_id)[-1]
    assert last.action == "lora.export" and json.loads(last.detail)["step"] == 2
    assert show_lora(studio, NAME, 1).file_sha256 != ready["file"]["sha256"]  # not over it

    body = {"step": 2, "max_rank": 2}
    before = client.get(f"{BASE}/1/file", headers=ada.auth, params=body)
    assert before.status_code == 404 and "POST .../loras/1/exports" in before.json()["detail"]
    started = client.post(f"{BASE}/1/exports", headers=ada.auth, json=body)
    assert started.status_code == 202, started.text
    job = started.json()["job"]
    assert (job["kind"], job["state"]) == ("export", "queued")
    assert job["params"] == {"model": NAME, "version": 1, "format": "kohya", "step": 2,
                             "max_rank": 2}  # fmt: skip
    run = next(iter(setup.prefect.runs.values()))
    assert (
        run["deployment_id"] == setup.prefect.deployments["export-lora/default"]
        and run["parameters"] == job["params"]
    )
    # The flow run a worker would make of it: its job gets the file in a result event.
    with tags(*run["tags"]):
        done = export_lora(**run["parameters"])
    events = client.get(f"/api/v1/jobs/{job['id']}/events", headers=ada.auth).json()["items"]
    assert events[-1]["type"] == "result" and events[-1]["data"]["sha256"] == done["sha256"]
    url = started.json()["url"]
    assert url == f"{BASE}/1/file?format=kohya&step=2&max_rank=2"
    got = client.get(url, headers=ada.auth)
    assert got.status_code == 200 and sha(got.content) == done["sha256"]
    path = Path(studio.home / "exports" / NAME / done["file"])
    assert file_metadata(path)["ss_network_dim"] == "2"
    for body in ({"step": 3}, {"step": 3, "max_rank": 2}, {"format": "diffusers", "max_rank": 2}):
        bad = client.post(f"{BASE}/1/exports", headers=ada.auth, json=body)
        assert bad.status_code == 422, bad.text
        assert "no checkpoint at step 3" in bad.text or "keep the trained rank" in bad.text
    assert len(setup.prefect.runs) == 1  # refused before a job starts


def test_download_redirects_to_a_presigned_url_when_s3_holds_the_file(
    s3_endpoint: str, s3_bucket: str, studio: Studio, setup: Setup
) -> None:
    info = show_lora(studio, NAME, 1)
    assert info.file and info.file_sha256
    storage = get_storage(studio.settings)
    assert storage is not None
    rel = Path(info.file).relative_to(studio.home).as_posix()
    storage.put_file(storage_key(studio.settings.s3_prefix, rel), Path(info.file), info.file_sha256)
    got = setup.client.get(f"{BASE}/1/file", headers=setup.ada.auth, follow_redirects=False)
    assert got.status_code == 307, got.text
    location = got.headers["location"]
    assert location.startswith(s3_endpoint)
    assert parse_qs(urlsplit(location).query)["X-Amz-Expires"] == ["300"]
    assert sha(httpx.get(location).content) == info.file_sha256


def _verify(client: TestClient, who: Account, data: bytes) -> httpx.Response:
    files = [("file", ("mine.safetensors", data, "application/octet-stream"))]
    return client.post("/api/v1/loras/verify", headers=who.auth, files=files)


def test_verify_reads_an_uploaded_file_against_the_callers_own_models(
    studio: Studio, setup: Setup
) -> None:
    info = show_lora(studio, NAME, 1)
    assert info.file
    data = Path(info.file).read_bytes()
    mine = _verify(setup.client, setup.ada, data)
    assert mine.status_code == 200, mine.text
    found = mine.json()
    assert (found["consent"], found["in_force"], found["withdrawn"]) == ("in force", True, False)
    assert (found["version"], found["dataset"]) == (f"{NAME} v1", f"{NAME} dataset v1")
    assert found["filename"] == "mine.safetensors" and found["subject"] == "a"
    assert found["consent_hash"] == info.consent_hash and "file" not in found
    # Another user learns nothing of ada's records from her file.
    theirs = _verify(setup.client, setup.ben, data).json()
    assert (theirs["consent"], theirs["in_force"], theirs["subject"]) == ("unknown", False, None)
    assert theirs["dataset"] is None and theirs["version"] is None
    junk = _verify(setup.client, setup.ada, b"not a lora")
    assert junk.status_code == 422 and "mine.safetensors" not in junk.text
    empty = setup.client.post("/api/v1/loras/verify", headers=setup.ada.auth, files=[
        ("other", ("x.bin", b"x", "application/octet-stream"))])  # fmt: skip
    assert empty.status_code == 422


def test_revoked_consent_withdraws_the_versions_and_nothing_serves_them(
    studio: Studio, setup: Setup
) -> None:
    client, ada = setup.client, setup.ada
    url = client.get(f"{BASE}/1", headers=ada.auth).json()["file"]["url"]
    revoked = client.post(f"/api/v1/models/{NAME}/consent/revoke", headers=ada.auth)
    assert revoked.status_code == 200, revoked.text
    shown = client.get(f"{BASE}/1", headers=ada.auth).json()
    assert shown["withdrawn"] and shown["withdrawn_at"]
    assert "revoked" in shown["withdrawn_reason"]
    assert all(v["withdrawn"] for v in client.get(BASE, headers=ada.auth).json()["items"])
    set_consent(studio, NAME, kind="synthetic", scopes="sfw", attest_adult=True, subject="b")
    for got in (
        client.get(url, headers=ada.auth),
        client.post(f"{BASE}/1/exports", headers=ada.auth, json={}),
        client.post(f"{BASE}/2/exports", headers=ada.auth, json={"max_rank": 2}),
    ):
        assert got.status_code == 409, got.text
        assert "withdrawn" in got.json()["detail"]
    assert setup.prefect.runs == {}  # no job started
    info = show_lora(studio, NAME, 1)
    assert info.file
    found = _verify(client, ada, Path(info.file).read_bytes()).json()
    assert found["withdrawn"] and not found["in_force"] and found["consent"] == "revoked"


def test_a_purge_removes_the_apis_exports_and_grids_too(studio: Studio, setup: Setup) -> None:
    client, ada = setup.client, setup.ada
    assert client.post(f"{BASE}/1/exports", headers=ada.auth, json={"step": 2}).status_code == 200
    assert client.get(f"{BASE}/compare/grid", headers=ada.auth).status_code == 200
    exported = studio.home / "exports" / NAME
    assert len(list(exported.iterdir())) == 2
    purged = client.post(
        f"/api/v1/models/{NAME}/consent/revoke", headers=ada.auth, json={"purge": True}
    )
    assert purged.status_code == 200, purged.text
    assert not exported.exists() and (studio.home / "exports").is_dir()
