"""Photos over the API: many per upload with a verdict each (the CLI's validation), consent
before targets, listed by cursor, downloaded, removed unless a run used them; never another
user's."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from aistudio.consent.audit import events
from aistudio.consent.records import set_consent
from aistudio.db.tables import PairState, Photo, Run
from aistudio.studio import Studio
from tests.fakes.api import Account, account, api_client

URL = "/api/v1/models/andie/photos"


def files(*paths: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    """A multipart 'files' field per path, as a browser's form sends them."""
    return [("files", (p.name, p.read_bytes(), "image/jpeg")) for p in paths]


def new_model(client: TestClient, owner: Account) -> None:
    made = client.post("/api/v1/models", json={"name": "andie"}, headers=owner.auth)
    assert made.status_code == 201, made.text


def test_upload_gives_one_verdict_per_file_and_leaves_no_upload_behind(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    alice = account(studio, "alice")
    client = api_client(studio)
    new_model(client, alice)
    face1, face2 = photos["sources"][:2]
    sent = [*files(face1, face2, face1), ("files", ("notes.jpg", b"not a photo", "image/jpeg"))]
    answer = client.post(URL, params={"role": "source"}, files=sent, headers=alice.auth)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert (report["imported"], report["duplicates"], report["rejected"]) == (2, 1, 1)
    first, second, again, notes = report["files"]
    assert first == {
        "filename": "face1.jpg",
        "verdict": "imported",
        "stored_as": "andie-source-1.jpg",
        "rule": None,
        "detail": None,
        "faces": 1,
        "flagged": None,
    }
    assert second["stored_as"] == "andie-source-2.jpg"
    assert again["verdict"] == "duplicate" and again["stored_as"] == "andie-source-1.jpg"
    assert notes["verdict"] == "rejected" and notes["rule"] == "decodes"
    assert str(studio.home) not in answer.text  # no server paths in answers
    assert list((studio.home / "uploads").iterdir()) == []
    stored = sorted(p.name for p in (studio.home / "models/andie/source").iterdir())
    assert stored == ["andie-source-1.jpg", "andie-source-2.jpg"]


def test_targets_need_consent_for_their_category_before_the_body_is_read(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    alice = account(studio, "alice")
    client = api_client(studio)
    new_model(client, alice)
    target = files(photos["targets"][0])
    none = client.post(URL, params={"role": "target", "category": "sfw"}, files=target,
                       headers=alice.auth)  # fmt: skip
    assert none.status_code == 409 and "no consent record" in none.json()["detail"]
    no_category = client.post(URL, params={"role": "target"}, files=target, headers=alice.auth)
    assert no_category.status_code == 422 and "category" in no_category.json()["detail"]
    set_consent(studio, "andie", kind="synthetic", scopes="sfw", attest_adult=True)
    nsfw = client.post(URL, params={"role": "target", "category": "nsfw"}, files=target,
                       headers=alice.auth)  # fmt: skip
    assert nsfw.status_code == 409 and "nsfw consent scope" in nsfw.json()["detail"]
    assert not (studio.home / "uploads").exists()  # refused before a byte was stored
    sfw = client.post(URL, params={"role": "target", "category": "sfw"}, files=target,
                      headers=alice.auth)  # fmt: skip
    assert sfw.status_code == 200 and sfw.json()["files"][0]["stored_as"] == "andie-t001-sfw.jpg"


def test_photos_listed_by_cursor_downloaded_and_hidden_from_other_users(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    alice, bob = account(studio, "alice"), account(studio, "bob")
    client = api_client(studio)
    new_model(client, alice)
    set_consent(studio, "andie", kind="synthetic", scopes="sfw", attest_adult=True)
    client.post(URL, params={"role": "source"}, files=files(*photos["sources"][:2]),
                headers=alice.auth)  # fmt: skip
    client.post(URL, params={"role": "target", "category": "sfw"},
                files=files(photos["targets"][0]), headers=alice.auth)  # fmt: skip
    page = client.get(URL, params={"limit": 2}, headers=alice.auth).json()
    assert [p["file_name"] for p in page["items"]] == ["andie-source-1.jpg", "andie-source-2.jpg"]
    rest = client.get(URL, params={"after": page["next"]}, headers=alice.auth).json()
    assert [p["file_name"] for p in rest["items"]] == ["andie-t001-sfw.jpg"]
    assert rest["next"] is None
    target = rest["items"][0]
    assert (target["role"], target["category"], target["faces"]) == ("target", "sfw", 1)
    assert target["width"] > 0 and "path" not in target
    sources = client.get(URL, params={"role": "source"}, headers=alice.auth).json()["items"]
    assert len(sources) == 2
    image = client.get(f"{URL}/{target['id']}/file", headers=alice.auth)
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    stored = studio.home / "models/andie/targets/sfw/andie-t001-sfw.jpg"
    assert image.content == stored.read_bytes()
    # Bob sees none of it, exactly as if it did not exist.
    assert client.get(URL, headers=bob.auth).status_code == 404
    assert client.get(f"{URL}/{target['id']}/file", headers=bob.auth).status_code == 404
    assert client.delete(f"{URL}/{target['id']}", headers=bob.auth).status_code == 404
    refused = client.post(URL, params={"role": "source"}, files=files(photos["sources"][2]),
                          headers=bob.auth)  # fmt: skip
    assert refused.status_code == 404
    assert len(client.get(URL, headers=alice.auth).json()["items"]) == 3


def test_delete_removes_an_unused_photo_and_refuses_one_a_run_used(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    alice = account(studio, "alice")
    client = api_client(studio)
    new_model(client, alice)
    client.post(URL, params={"role": "source"}, files=files(*photos["sources"][:2]),
                headers=alice.auth)  # fmt: skip
    s1, s2 = client.get(URL, headers=alice.auth).json()["items"]
    with studio.session() as session:
        model_id = session.get(Photo, s1["id"]).model_id  # type: ignore[union-attr]
        session.add(Run(id="andie-run-1", model_id=model_id, category="sfw", provider="fake",
                        enhance=False))  # fmt: skip
        session.flush()
        session.add(PairState(model_id=model_id, run_id="andie-run-1", pair="s1-t001-sfw",
                              status="done"))  # fmt: skip
    used = client.delete(f"{URL}/{s1['id']}", headers=alice.auth)
    assert used.status_code == 409 and "andie-run-1" in used.json()["detail"]
    assert (studio.home / "models/andie/source/andie-source-1.jpg").is_file()
    gone = client.delete(f"{URL}/{s2['id']}", headers=alice.auth)
    assert gone.status_code == 204
    assert not (studio.home / "models/andie/source/andie-source-2.jpg").exists()
    assert photos["sources"][1].is_file()  # the user's original is never touched
    assert [p["id"] for p in client.get(URL, headers=alice.auth).json()["items"]] == [s1["id"]]
    assert client.delete(f"{URL}/{s2['id']}", headers=alice.auth).status_code == 404
    assert client.delete(f"{URL}/{2**63}", headers=alice.auth).status_code == 422  # not an id
    with studio.read() as session:
        removed = [e for e in events(session, model_id=model_id) if e.action == "photo.remove"]
    assert [e.actor for e in removed] == ["api:alice"]
