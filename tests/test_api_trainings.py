"""Trainings over the API against an in-process Prefect API: the params form, the checks before
anything is queued, the gpu queue in order (reordered by owners and admins), clones, and
requests to a running training."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from aistudio import captions, dataset
from aistudio.core.families import SPECS
from aistudio.db.api_tables import JobRequest
from aistudio.db.tables import Model
from aistudio.studio import Studio
from aistudio.training.control import JobRequests
from tests.fakes.api import Account, account, api_client
from tests.fakes.datasets import processed
from tests.fakes.prefect_server import FakePrefect

URL = "/api/v1/models/andie/trainings"
TINY = {"params": {"steps": 4, "rank": 2, "resolution": 64, "samples": 0}}


@pytest.fixture
def prefect() -> FakePrefect:
    return FakePrefect()


def _setup(
    studio: Studio, tmp_path: Path, prefect: FakePrefect
) -> tuple[TestClient, Account, Account]:
    alice, bob = account(studio, "alice"), account(studio, "bob")
    name = processed(studio, tmp_path)
    with studio.session() as session:
        session.execute(update(Model).where(Model.name == name).values(owner_id=alice.id))
    dataset.build_dataset(studio, name)
    client = api_client(studio)
    client.app.state.prefect = prefect.client()  # type: ignore[attr-defined]
    return client, alice, bob


def _runs(prefect: FakePrefect) -> list[dict[str, object]]:
    return [r for r in prefect.runs.values() if r["deployment_id"] == "d2"]


def test_the_params_form_comes_from_the_one_declaration_with_each_familys_defaults(
    studio: Studio,
) -> None:
    alice = account(studio, "alice")
    got = api_client(studio).get("/api/v1/training/params", headers=alice.auth)
    assert got.status_code == 200, got.text
    body = got.json()
    assert {"rank", "steps", "lr", "seed", "checkpoint_every"} <= set(
        body["params_schema"]["properties"]
    )
    families = {f["family"]: f for f in body["families"]}
    assert set(families) == set(SPECS)
    for name, spec in SPECS.items():
        defaults = families[name]["defaults"]
        assert (defaults["rank"], defaults["steps"], defaults["family"]) == (
            spec.rank, spec.steps, name,
        )  # fmt: skip
        assert families[name]["vram"] == spec.vram


def test_a_training_is_checked_then_queued_in_order_and_reordered(
    studio: Studio, tmp_path: Path, prefect: FakePrefect
) -> None:
    client, alice, bob = _setup(studio, tmp_path, prefect)
    refused = client.post(URL, json=TINY, headers=alice.auth)
    assert refused.status_code == 422 and "nobody reviewed" in refused.json()["detail"]
    too_long = {"params": {"steps": 10**9}, "unreviewed": True}
    limit = client.post(URL, json=too_long, headers=alice.auth)
    assert limit.status_code == 422 and "family_limit" in limit.json()["detail"], limit.text
    assert not _runs(prefect)
    captions.caption_dataset(studio, "andie")
    captions.approve(studio, "andie")
    dry = client.post(URL + "?dry_run=true", json=TINY, headers=alice.auth)
    assert dry.status_code == 200, dry.text
    family = dry.json()["params"]["family"]
    assert dry.json()["params"]["lr"] == SPECS[family].lr  # the family's default, filled in
    assert dry.json()["dataset_version"] == 2 and not _runs(prefect)

    made = [
        client.post(URL, json={"params": {**TINY["params"], "seed": s}}, headers=alice.auth)
        for s in (1, 2, 3)
    ]
    assert [m.status_code for m in made] == [201, 201, 201], made[0].text
    first, second, third = (m.json() for m in made)
    assert first["pool"] == "gpu" and first["place"] is None  # the one slot: started
    assert (second["place"], third["place"]) == (1, 2)
    (run,) = _runs(prefect)  # one slot: the others wait in the studio's queue
    assert run["tags"] == [f"aistudio-job:{first['id']}"]
    assert run["parameters"]["dataset_version"] == 2  # fixed when queued
    assert run["parameters"]["params"]["lr"] == SPECS[family].lr

    # bob sees places, not alice's jobs, and cannot move them
    seen = client.get("/api/v1/queues/gpu", headers=bob.auth).json()
    assert [e["place"] for e in seen["waiting"]] == [1, 2]
    assert all(e["job"] is None for e in seen["waiting"]) and seen["running"] == 1
    order = {"jobs": [third["id"], second["id"]]}
    assert client.put("/api/v1/queues/gpu", json=order, headers=bob.auth).status_code == 404
    moved = client.put("/api/v1/queues/gpu", json=order, headers=alice.auth)
    assert moved.status_code == 200, moved.text
    assert [e["job"]["id"] for e in moved.json()["waiting"]] == [third["id"], second["id"]]

    prefect.set(str(run["id"]), "COMPLETED")  # the slot frees: the new head starts
    after = client.get("/api/v1/queues/gpu", headers=alice.auth).json()
    assert [e["job"]["id"] for e in after["waiting"]] == [second["id"]]
    assert _runs(prefect)[-1]["tags"] == [f"aistudio-job:{third['id']}"]
    assert len(_runs(prefect)) == 2

    # an admin reorders anyone's; a cancelled waiting job leaves the queue, never starting
    admin = account(studio, "root", admin=True)
    assert (
        client.put(
            "/api/v1/queues/gpu", json={"jobs": [second["id"]]}, headers=admin.auth
        ).status_code
        == 200
    )
    gone = client.post(f"/api/v1/jobs/{second['id']}/cancel", headers=alice.auth)
    assert gone.status_code == 200 and gone.json()["state"] == "cancelled", gone.text
    assert client.get("/api/v1/queues/gpu", headers=alice.auth).json()["waiting"] == []
    assert len(_runs(prefect)) == 2


def test_a_clone_changes_only_the_given_params_and_requests_reach_a_running_training(
    studio: Studio, tmp_path: Path, prefect: FakePrefect
) -> None:
    client, alice, bob = _setup(studio, tmp_path, prefect)
    made = client.post(URL, json={**TINY, "unreviewed": True}, headers=alice.auth).json()
    ask = f"/api/v1/jobs/{made['id']}/requests"
    early = client.post(ask, json={"action": "sample"}, headers=alice.auth)
    assert early.status_code == 409 and "only a running training" in early.json()["detail"]
    (run,) = _runs(prefect)
    prefect.set(str(run["id"]), "RUNNING")
    assert client.post(ask, json={"action": "save"}, headers=bob.auth).status_code == 404
    taken = client.post(ask, json={"action": "sample"}, headers=alice.auth)
    assert taken.status_code == 202, taken.text
    requests = JobRequests(studio, made["id"])
    assert requests(5) == {"sample"} and requests(6) == set()  # read once a second at most
    with studio.read() as session:
        row = session.get(JobRequest, taken.json()["id"])
    assert row is not None and row.done_step == 5

    clone = client.post(
        f"/api/v1/jobs/{made['id']}/clone", json={"params": {"rank": 8}}, headers=alice.auth
    )
    assert clone.status_code == 201, clone.text
    old, new = made["params"], clone.json()["params"]
    assert new["params"]["rank"] == 8 and new["unreviewed"] is True
    assert {k: v for k, v in new["params"].items() if k != "rank"} == {
        k: v for k, v in old["params"].items() if k != "rank"
    }
    assert clone.json()["place"] == 1  # the first still holds the one slot
    other = client.post(f"/api/v1/jobs/{made['id']}/clone", json={}, headers=bob.auth)
    assert other.status_code == 404
