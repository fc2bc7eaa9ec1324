"""Consent over the API: recorded (a signed release streamed in), read, revoked with purge;
the audit log names the API user; another user's model answers 404."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from aistudio.consent.audit import events
from aistudio.db.tables import Model
from aistudio.studio import Studio
from tests.fakes.api import account, api_client

URL = "/api/v1/models/andie/consent"


def form(**fields: str) -> dict[str, tuple[None, str]]:
    """Text fields sent as multipart/form-data (what a browser's FormData sends)."""
    return {k: (None, v) for k, v in fields.items()}


def test_consent_recorded_read_and_revoked_with_the_api_user_in_the_audit_log(
    studio: Studio,
) -> None:
    alice, bob = account(studio, "alice"), account(studio, "bob")
    client = api_client(studio)
    assert client.post("/api/v1/models", json={"name": "andie"}, headers=alice.auth).is_success
    assert client.get(URL, headers=alice.auth).status_code == 404  # none yet
    made = client.post(
        URL,
        files=form(kind="synthetic", scopes="sfw,nsfw", attest_adult="true"),
        headers=alice.auth,
    )
    assert made.status_code == 201, made.text
    record = made.json()
    assert (record["kind"], record["scopes"], record["has_release"]) == (
        "synthetic",
        ["sfw", "nsfw"],
        False,
    )
    assert record["attested_adult"] is True and len(record["record_hash"]) == 64
    assert client.get(URL, headers=alice.auth).json() == record
    assert (
        client.get("/api/v1/models/andie", headers=alice.auth)
        .json()["consent"]
        .startswith("synthetic")
    )
    # Bob cannot see, set or revoke it.
    assert client.get(URL, headers=bob.auth).status_code == 404
    bobs = client.post(URL, files=form(kind="synthetic", scopes="sfw", attest_adult="true"),
                       headers=bob.auth)  # fmt: skip
    assert bobs.status_code == 404
    assert client.post(f"{URL}/revoke", headers=bob.auth).status_code == 404
    revoked = client.post(f"{URL}/revoke", json={"purge": True}, headers=alice.auth)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["consent"]["revoked_at"] is not None
    assert revoked.json()["purged"]["local_files"] == 0
    assert client.get(URL, headers=alice.auth).json()["revoked_at"] is not None
    again = client.post(f"{URL}/revoke", headers=alice.auth)
    assert again.status_code == 409 and "no consent in force" in again.json()["detail"]
    # Once revoked, no photo of the persona is taken in: sources neither, by either route.
    photo = {"files": ("face.jpg", b"\xff\xd8 not read", "image/jpeg")}
    source = client.post("/api/v1/models/andie/photos?role=source", files=photo,
                         headers=alice.auth)  # fmt: skip
    assert source.status_code == 409 and "was revoked" in source.json()["detail"]
    body = {"filename": "face.jpg", "size": 100, "role": "source"}
    resumable = client.post("/api/v1/models/andie/uploads", json=body, headers=alice.auth)
    assert resumable.status_code == 409 and "was revoked" in resumable.json()["detail"]
    with studio.read() as session:
        model = session.exec(select(Model).where(Model.name == "andie")).one()
        logged = [(e.action, e.actor) for e in events(session, model_id=model.id)]
    assert logged == [
        ("consent.set", "api:alice"),
        ("consent.revoke", "api:alice"),
        ("consent.purge", "api:alice"),
    ]


def test_real_person_consent_takes_a_streamed_release_and_refuses_what_is_missing(
    studio: Studio, tmp_path: Path
) -> None:
    alice = account(studio, "alice")
    client = api_client(studio, upload_max_bytes=20_000)
    assert client.post("/api/v1/models", json={"name": "andie"}, headers=alice.auth).is_success
    fields = form(kind="real-person", scopes="sfw", attest_adult="true", subject="Andie Example")
    release = b"%PDF-1.4 signed release\n" * 100
    no_release = client.post(URL, files=fields, headers=alice.auth)
    assert no_release.status_code == 409 and "--release" in no_release.json()["detail"]
    not_adult = client.post(URL, files={**fields, "attest_adult": (None, "false")},
                            headers=alice.auth)  # fmt: skip
    assert not_adult.status_code == 409 and "adult" in not_adult.json()["detail"]
    bad_flag = client.post(URL, files={**fields, "attest_adult": (None, "maybe")},
                           headers=alice.auth)  # fmt: skip
    assert bad_flag.status_code == 422
    too_big = client.post(
        URL,
        files={**fields, "release": ("release.pdf", b"\0" * 30_000, "application/pdf")},
        headers=alice.auth,
    )
    assert too_big.status_code == 413
    made = client.post(
        URL,
        files={**fields, "release": ("release.pdf", release, "application/pdf")},
        headers=alice.auth,
    )
    assert made.status_code == 201, made.text
    assert made.json()["has_release"] is True and made.json()["subject"] == "Andie Example"
    [kept] = (studio.home / "models/andie/consent").iterdir()
    assert kept.suffix == ".pdf" and kept.read_bytes() == release
    assert not list((studio.home / "uploads").rglob("*.*"))  # the upload went after
    assert str(studio.home) not in made.text
