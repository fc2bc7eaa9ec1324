"""Models over the API: created with settings, listed per owner, never seen by another user."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from aistudio.db import queries
from aistudio.db.api_tables import Job
from aistudio.db.tables import DatasetVersion, LoraVersion, PairState, Run, utcnow
from aistudio.ingest.importer import import_photos
from aistudio.studio import Studio
from tests.fakes.api import account, api_client


def test_models_belong_to_their_creator_and_answer_404_to_anyone_else(studio: Studio) -> None:
    alice, bob = account(studio, "alice"), account(studio, "bob")
    client = api_client(studio)
    made = client.post(
        "/api/v1/models",
        json={"name": "andie", "class_word": "woman", "family": "sdxl"},
        headers=alice.auth,
    )
    assert made.status_code == 201, made.text
    assert made.json()["family"] == "sdxl" and made.json()["consent"] == "none"
    assert made.json()["trigger"] == "andie" and made.json()["sources"] == 0
    assert client.get("/api/v1/models", headers=bob.auth).json()["items"] == []
    theirs = client.get("/api/v1/models/andie", headers=bob.auth)
    assert theirs.status_code == 404
    missing = client.get("/api/v1/models/nobody", headers=bob.auth)
    assert missing.json()["detail"].replace("nobody", "andie") == theirs.json()["detail"]
    assert (
        client.patch("/api/v1/models/andie", json={"enhance": False}, headers=bob.auth).status_code
        == 404
    )
    changed = client.patch(
        "/api/v1/models/andie", json={"enhance": False, "budget_credits": 50}, headers=alice.auth
    )
    assert changed.status_code == 200 and changed.json()["enhance"] is False
    assert studio.config("andie").budget_credits == 50  # the same config.json the CLI reads
    bad = client.patch("/api/v1/models/andie", json={"family": "sd3"}, headers=alice.auth)
    assert bad.status_code == 422 and bad.json()["detail"].startswith("body.family")
    taken = client.post("/api/v1/models", json={"name": "andie"}, headers=bob.auth)
    assert taken.status_code == 409  # names are unique in a studio (they are folders)
    page = client.get("/api/v1/models", headers=alice.auth).json()
    assert [m["name"] for m in page["items"]] == ["andie"] and page["next"] is None


def _card_rows(studio: Studio, owner: int, model: str) -> None:
    """Two dataset versions; LoRA v1 published, v2 withdrawn, v3 training; a finished job, an
    older queued one and a newer running one 2 pairs into 6."""
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=model)
        datasets = [
            DatasetVersion(
                model_id=model_id,
                number=n,
                content_hash=f"{n}" * 64,
                path=f"d{n}",
                family="sdxl",
                settings_json="{}",
                holdout_json="[]",
                included=1,
                excluded=0,
            )
            for n in (1, 2)
        ]
        session.add_all(datasets)
        session.flush()
        for number, status, withdrawn in (
            (1, "done", None),
            (2, "done", utcnow()),
            (3, "training", None),
        ):
            session.add(
                LoraVersion(
                    model_id=model_id,
                    number=number,
                    run_key=f"k{number}",
                    dataset_id=datasets[0].id or 0,
                    family="sdxl",
                    base="b",
                    base_hash="0" * 64,
                    params_json="{}",
                    status=status,
                    withdrawn_at=withdrawn,
                )
            )
        session.add(
            Run(
                id="r1",
                model_id=model_id,
                category="sfw",
                provider="fake",
                enhance=False,
                pairs_total=6,
            )
        )
        session.flush()
        for pair in ("s1-t001-sfw", "s1-t002-sfw"):
            session.add(PairState(model_id=model_id, run_id="r1", pair=pair, status="done"))
        now = utcnow()
        for job_id, state, age, run in (
            ("old", "succeeded", 3, None),
            ("queued", "queued", 2, None),
            ("running", "running", 1, "r1"),
        ):
            session.add(
                Job(
                    id=job_id,
                    owner_id=owner,
                    model_id=model_id,
                    kind="process",
                    params_json="{}",
                    deployment="process-model/default",
                    state=state,
                    run_id=run,
                    flow_run_id=f"flow-{job_id}",
                    created_at=now - timedelta(minutes=age),
                )
            )


def test_a_model_card_shows_its_cover_latest_versions_and_running_job_to_its_owner_only(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    alice, bob = account(studio, "alice"), account(studio, "bob")
    client = api_client(studio, prefect_ui_url="http://prefect.test")
    for who, name in ((alice, "andie"), (alice, "bare"), (bob, "bobs")):
        made = client.post("/api/v1/models", json={"name": name}, headers=who.auth)
        assert made.status_code == 201, made.text
    bare = client.get("/api/v1/models/bare", headers=alice.auth).json()
    assert [bare[k] for k in ("cover", "latest_dataset", "latest_lora", "job")] == [None] * 4
    import_photos(studio, "andie", photos["sources"][:2], role="source")
    _card_rows(studio, alice.id, "andie")
    _card_rows_for_bob(studio, bob.id)
    page = client.get("/api/v1/models", headers=alice.auth).json()
    assert [m["name"] for m in page["items"]] == ["andie", "bare"]
    card = page["items"][0]
    assert card["latest_dataset"] == 2 and card["latest_lora"] == 1  # v2 withdrawn, v3 unfinished
    assert card["job"] == {
        "id": "running",
        "kind": "process",
        "state": "running",
        "pairs_done": 2,
        "pairs_total": 6,
        "prefect_url": "http://prefect.test/runs/flow-run/flow-running",
    }
    with studio.read() as session:
        first = min(
            p.id or 0
            for p in queries.list_photos(
                session, model_id=queries.get_model_id(session, name="andie"), role="source"
            )
        )
    assert card["cover"] == f"/api/v1/models/andie/photos/{first}/file"
    image = client.get(card["cover"], headers=alice.auth)
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert client.get(card["cover"], headers=bob.auth).status_code == 404
    assert client.get("/api/v1/models/andie", headers=alice.auth).json() == card
    assert page["items"][1] == bare  # another model's rows are not this one's
    bobs = client.get("/api/v1/models/bobs", headers=bob.auth).json()
    assert bobs["job"] is not None and bobs["job"]["id"] == "bobs-job" and bobs["cover"] is None


def _card_rows_for_bob(studio: Studio, owner: int) -> None:
    with studio.session() as session:
        session.add(
            Job(
                id="bobs-job",
                owner_id=owner,
                model_id=queries.get_model_id(session, name="bobs"),
                kind="train",
                params_json="{}",
                deployment="train-lora/default",
                state="queued",
            )
        )


def test_the_engines_a_model_can_use_say_their_prices_and_what_one_lacks(
    studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MAXSTUDIO_API_KEY", raising=False)
    alice = account(studio, "alice")
    answer = api_client(studio).get("/api/v1/providers", headers=alice.auth)
    assert answer.status_code == 200, answer.text
    engines = {e["name"]: e for e in answer.json()}
    assert engines["local"] == {
        "name": "local", "prices": {"swap": 0.0, "enhance": 0.0}, "ready": True, "why": None,
    }  # fmt: skip
    assert engines["fake"]["prices"] == {"swap": 10.0, "enhance": 2.0}  # a plugin's
    maxstudio = engines["maxstudio"]
    assert not maxstudio["ready"] and "MAXSTUDIO_API_KEY" in maxstudio["why"]
    assert api_client(studio).get("/api/v1/providers").status_code == 401
