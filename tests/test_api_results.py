"""Results, costs and the audit log over the API: what the library recorded, per owner."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import httpx
import pytest
from sqlmodel import select

from aistudio.core.naming import storage_key
from aistudio.db.tables import Output
from aistudio.processing.costs import model_costs
from aistudio.studio import Studio
from tests.fakes.api import api_client
from tests.fakes.api_world import World, build_world
from tests.fakes.drive import ledger_credits


@pytest.fixture
def world(studio: Studio, tmp_path: Path) -> World:
    """Two users with a processed model each."""
    return build_world(studio, tmp_path / "photos")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.both_stores
def test_results_list_each_pair_with_its_verdict_and_files_before_and_after(world: World) -> None:
    client = api_client(world.studio)
    ada, ben = world.tenants
    page = client.get(f"/api/v1/models/{ada.model}/results", headers=ada.auth)
    assert page.status_code == 200, page.text
    items = {r["pair"]: r for r in page.json()["items"]}
    assert list(items) == ada.pairs and page.json()["next"] is None
    done, refused = items["s1-t001-sfw"], items[ada.rejected]
    assert done["status"] == "done" and done["rule"] is None and done["run_id"] in ada.runs
    assert set(done["files"]) == {"target", "swapped", "enhanced"}
    assert done["after"] == done["files"]["enhanced"]["url"]
    assert done["before"] == done["files"]["target"]["url"]
    assert (refused["status"], refused["rule"]) == ("rejected", "face")
    assert "no face" in refused["reason"] and refused["after"] is None  # no "after" to show
    assert refused["run_id"] == ada.runs[1]
    # The files are the stored bytes, streamed (no S3 here).
    for kind in ("target", "swapped", "enhanced"):
        got = client.get(done["files"][kind]["url"], headers=ada.auth)
        assert got.status_code == 200 and got.headers["content-type"] == "image/jpeg"
        assert sha(got.content) == done["files"][kind]["sha256"]
    assert got.headers["content-disposition"].startswith("inline")
    # Ben sees none of it: the same 404 as a model that does not exist.
    theirs = client.get(f"/api/v1/models/{ada.model}/results", headers=ben.auth)
    missing = client.get("/api/v1/models/nobody/results", headers=ben.auth)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json()["detail"] == missing.json()["detail"].replace("nobody", ada.model)
    assert client.get(done["files"]["target"]["url"], headers=ben.auth).status_code == 404


@pytest.mark.both_stores
def test_results_pages_by_cursor_and_filter_by_category(world: World) -> None:
    client = api_client(world.studio)
    ada = world.tenants[0]
    url = f"/api/v1/models/{ada.model}/results"
    first = client.get(url, params={"limit": 2}, headers=ada.auth).json()
    assert [r["pair"] for r in first["items"]] == ada.pairs[:2]
    assert first["next"] == ada.pairs[1]
    rest = client.get(url, params={"limit": 2, "after": first["next"]}, headers=ada.auth).json()
    assert [r["pair"] for r in rest["items"]] == ada.pairs[2:] and rest["next"] is None
    assert client.get(url, params={"category": "nsfw"}, headers=ada.auth).json()["items"] == []
    assert len(client.get(url, params={"category": "sfw"}, headers=ada.auth).json()["items"]) == 3
    bad = client.get(url, params={"category": "both"}, headers=ada.auth)
    assert bad.status_code == 422 and bad.json()["detail"].startswith("query.category")


def test_download_refuses_unknown_pairs_and_paths_that_leave_the_models_folder(
    world: World,
) -> None:
    client = api_client(world.studio)
    ada, ben = world.tenants
    base = f"/api/v1/models/{ada.model}/results"
    for pair, file in [("s1-t009-sfw", "enhanced"), ("../../x", "target"), ("s1-t1-sfw", "target")]:
        got = client.get(f"{base}/{pair}/{file}", headers=ada.auth)
        assert got.status_code == 404, (pair, got.text)
    assert client.get(f"{base}/s1-t001-sfw/original", headers=ada.auth).status_code == 422
    # A row that names another model's file (a tampered or confused store) is not served.
    with world.studio.session() as session:
        row = session.exec(
            select(Output).where(Output.pair == "s1-t001-sfw", Output.stage == "enhanced")
        ).first()
        assert row is not None and row.path.startswith(f"models/{ada.model}/")
        row.path = row.path.replace(ada.model, ben.model)
        session.add(row)
    refused = client.get(f"{base}/s1-t001-sfw/enhanced", headers=ada.auth)
    assert refused.status_code == 422 and "stay in its folder" in refused.json()["detail"]
    # ... nor one that leads out of the folder through a link.
    link = world.studio.paths(ada.model).result_path(1, 1, "sfw", "swapped")
    link.unlink()
    link.symlink_to(world.studio.paths(ben.model).root / "config.json")
    assert client.get(f"{base}/s1-t001-sfw/swapped", headers=ada.auth).status_code == 422


def test_download_redirects_to_a_short_lived_presigned_url_when_s3_holds_the_file(
    s3_endpoint: str, s3_bucket: str, studio: Studio, tmp_path: Path
) -> None:
    world = build_world(studio, tmp_path / "photos")  # results upload to S3 as accepted
    client = api_client(studio)
    ada = world.tenants[0]
    done = client.get(f"/api/v1/models/{ada.model}/results", headers=ada.auth).json()["items"][0]
    enhanced = done["files"]["enhanced"]
    got = client.get(enhanced["url"], headers=ada.auth, follow_redirects=False)
    assert got.status_code == 307, got.text
    location = got.headers["location"]
    assert location.startswith(s3_endpoint)
    assert parse_qs(urlsplit(location).query)["X-Amz-Expires"] == ["300"]
    assert sha(httpx.get(location).content) == enhanced["sha256"]
    # Gone from S3 (or not what the store recorded): the local file is served instead.
    rel = f"models/{ada.model}/results/sfw/source_1/enhanced/{ada.model}-s1-t001-sfw-enhanced.jpg"
    key = storage_key(studio.settings.s3_prefix, rel)
    boto3.client("s3", endpoint_url=s3_endpoint).delete_object(Bucket=s3_bucket, Key=key)
    streamed = client.get(enhanced["url"], headers=ada.auth, follow_redirects=False)
    assert streamed.status_code == 200 and sha(streamed.content) == enhanced["sha256"]


@pytest.mark.both_stores
def test_costs_per_run_estimate_and_billed_are_the_clis_numbers(world: World) -> None:
    client = api_client(world.studio)
    ada, ben = world.tenants
    got = client.get(f"/api/v1/models/{ada.model}/costs", headers=ada.auth)
    assert got.status_code == 200, got.text
    body = got.json()
    assert body == model_costs(world.studio, ada.model).model_dump()  # what `aistudio costs` shows
    assert [r["run_id"] for r in body["runs"]] == ada.runs
    first, second = body["runs"]
    assert (first["estimate_credits"], first["credits"]) == (24.0, 24.0)  # 2 x (10 + 2)
    assert first["ops"] == {"swap": 2, "enhance": 2}
    assert (second["estimate_credits"], second["credits"]) == (12.0, 12.0)  # the new pair only
    assert body["total_credits"] == 36.0 == ledger_credits(world.studio) / 2
    assert client.get(f"/api/v1/models/{ada.model}/costs", headers=ben.auth).status_code == 404
    mine = client.get("/api/v1/costs", headers=ben.auth).json()
    assert [m["model"] for m in mine["items"]] == [ben.model] and mine["next"] is None


@pytest.mark.both_stores
def test_audit_lists_a_models_events_oldest_first_by_cursor(world: World) -> None:
    client = api_client(world.studio)
    ada, ben = world.tenants
    url = f"/api/v1/models/{ada.model}/audit"
    first = client.get(url, params={"limit": 2}, headers=ada.auth).json()
    rest = client.get(url, params={"after": first["next"]}, headers=ada.auth).json()
    events = first["items"] + rest["items"]
    assert [e["action"] for e in events] == [
        "consent.set", "run.start", "run.finish", "run.start", "run.finish",
        "lora.train.finish", "lora.train.finish",  # the world's two LoRA versions
    ]  # fmt: skip
    assert rest["next"] is None and [e["id"] for e in events] == sorted(e["id"] for e in events)
    last_run = events[4]["detail"]
    assert last_run["rejected"] == 1 and last_run["run_id"] == ada.runs[1]
    assert all(e["detail"].get("run_id") not in ben.runs for e in events)
    assert client.get(url, headers=ben.auth).status_code == 404


def test_revoked_consent_stops_downloads_but_keeps_the_record(world: World) -> None:
    client = api_client(world.studio)
    ada = world.tenants[0]
    url = f"/api/v1/models/{ada.model}/results"
    enhanced = client.get(url, headers=ada.auth).json()["items"][0]["files"]["enhanced"]["url"]
    assert client.get(enhanced, headers=ada.auth).status_code == 200
    revoked = client.post(f"/api/v1/models/{ada.model}/consent/revoke", headers=ada.auth)
    assert revoked.status_code == 200, revoked.text
    refused = client.get(enhanced, headers=ada.auth)
    assert refused.status_code == 409 and "not in force" in refused.json()["detail"]
    assert [r["pair"] for r in client.get(url, headers=ada.auth).json()["items"]] == ada.pairs


def test_a_purge_leaves_pairs_without_result_files_to_show(world: World) -> None:
    client = api_client(world.studio)
    ada = world.tenants[0]
    url = f"/api/v1/models/{ada.model}/results"
    enhanced = client.get(url, headers=ada.auth).json()["items"][0]["files"]["enhanced"]["url"]
    revoked = client.post(
        f"/api/v1/models/{ada.model}/consent/revoke", json={"purge": True}, headers=ada.auth
    )
    assert revoked.status_code == 200, revoked.text
    after = client.get(url, headers=ada.auth).json()["items"]
    # What happened stays on record; the result files do not.
    assert [r["pair"] for r in after] == ada.pairs
    assert all(set(r["files"]) == {"target"} and r["after"] is None for r in after)
    assert client.get(enhanced, headers=ada.auth).status_code == 404
