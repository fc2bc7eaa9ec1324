"""Models over the API: created with settings, listed per owner, never seen by another user."""

from __future__ import annotations

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
