"""Uploads over the API: the hostile corpus as bytes, caps refused early (413), a client that
leaves mid-part leaves nothing behind, and resumable uploads that survive a drop."""

from __future__ import annotations

import asyncio
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import PIL.Image

from aistudio.api.app import create_app
from aistudio.api.settings import ApiSettings
from aistudio.consent.records import set_consent
from aistudio.studio import Studio
from tests.fakes.api import Account, account, api_client
from tests.fakes.hostile import build

URL = "/api/v1/models/andie/photos"
BOUNDARY = "x-boundary-7MA4YWxkTrZu0gW"


def with_model(studio: Studio, **api: object) -> tuple[Any, Account]:
    """A client and alice, who owns the model andie with sfw consent."""
    alice = account(studio, "alice")
    client = api_client(studio, **api)
    assert client.post("/api/v1/models", json={"name": "andie"}, headers=alice.auth).is_success
    set_consent(studio, "andie", kind="synthetic", scopes="sfw", attest_adult=True)
    return client, alice


def part(filename: str, data: bytes) -> bytes:
    """One multipart file part in the 'files' field."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; '
        f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'
    )
    return head.encode() + data + b"\r\n"


def leftovers(studio: Studio) -> list[Path]:
    """Files under uploads/ (nothing may stay there after a request)."""
    uploads = studio.home / "uploads"
    return [p for p in uploads.rglob("*") if p.is_file()] if uploads.exists() else []


def test_hostile_corpus_as_bytes_gets_one_verdict_per_file_by_rule(
    studio: Studio, tmp_path: Path
) -> None:
    client, alice = with_model(studio)
    # Links and pipes do not exist over HTTP; their bytes would be an ordinary file's.
    corpus = [
        (n, p, r) for n, p, r in build(tmp_path / "inbox") if p.is_file() and not p.is_symlink()
    ]
    assert len(corpus) >= 35
    sent = [
        ("files", (name, path.read_bytes(), "application/octet-stream")) for name, path, _ in corpus
    ]
    answer = client.post(URL, params={"role": "target", "category": "sfw"}, files=sent,
                         headers=alice.auth)  # fmt: skip
    assert answer.status_code == 200, answer.text
    verdicts = answer.json()["files"]
    assert len(verdicts) == len(corpus)
    for (name, _, rule), got in zip(corpus, verdicts, strict=True):
        if rule is None:
            assert got["verdict"] == "imported", (name, got)
        else:
            assert (got["verdict"], got["rule"]) == ("rejected", rule), (name, got)
            assert got["detail"]
    accepted = sum(1 for _, _, rule in corpus if rule is None)
    assert answer.json()["imported"] == accepted >= 9
    stored = sorted((studio.home / "models/andie/targets/sfw").iterdir())
    assert [p.name for p in stored] == [f"andie-t{i:03d}-sfw.jpg" for i in range(1, accepted + 1)]
    for path in stored:
        with PIL.Image.open(path) as img:
            assert (img.format, img.mode) == ("JPEG", "RGB"), path
    assert leftovers(studio) == []
    assert not list(studio.home.rglob("*.tmp")) and not list(studio.home.rglob(".*.tmp"))


def test_a_content_length_over_the_caps_is_refused_before_the_body_is_read(
    studio: Studio,
) -> None:
    client, alice = with_model(studio, upload_max_bytes=10_000, upload_max_files=2)
    pulled: list[int] = []

    def body() -> Iterator[bytes]:
        for _ in range(1000):
            pulled.append(1)
            yield b"\0" * 1_000_000

    refused = client.post(
        URL,
        params={"role": "source"},
        content=body(),
        headers={
            **alice.auth,
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Content-Length": str(1_000_000_000),
        },
    )
    assert refused.status_code == 413, refused.text
    assert "Content-Length 1000000000" in refused.json()["detail"]
    assert pulled == []  # not one chunk was asked for
    assert leftovers(studio) == []


def test_a_part_over_the_cap_stops_the_upload_and_removes_every_part(studio: Studio) -> None:
    client, alice = with_model(studio, upload_max_bytes=10_000, upload_max_files=5)
    body = part("small.jpg", b"\1" * 5_000) + part("big.jpg", b"\2" * 50_000)
    refused = client.post(
        URL,
        params={"role": "source"},
        content=body + f"--{BOUNDARY}--\r\n".encode(),
        headers={**alice.auth, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    assert refused.status_code == 413 and "big.jpg" in refused.json()["detail"]
    assert leftovers(studio) == []
    assert client.get(URL, headers=alice.auth).json()["items"] == []  # nothing imported
    many = b"".join(part(f"{i}.jpg", b"\3" * 100) for i in range(6)) + f"--{BOUNDARY}--".encode()
    too_many = client.post(
        URL,
        params={"role": "source"},
        content=many,
        headers={**alice.auth, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    assert too_many.status_code == 413 and "at most 5 files" in too_many.json()["detail"]
    assert leftovers(studio) == []
    garbled = part("a.jpg", b"\4" * 100) + f"--{BOUNDARY}\r\n[]\r\n\r\n".encode()
    malformed = client.post(
        URL,
        params={"role": "source"},
        content=garbled,
        headers={**alice.auth, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    assert malformed.status_code == 422 and "malformed multipart" in malformed.json()["detail"]
    assert leftovers(studio) == []


def drive(app: Any, method: str, path: str, query: str, headers: dict[str, str],
          chunks: list[bytes], seen: list[list[tuple[str, int]]]) -> int:  # fmt: skip
    """Send a request straight to the ASGI app whose client leaves after chunks (the server's
    http.disconnect); seen gets the upload files and sizes just before it left."""
    messages = [{"type": "http.request", "body": c, "more_body": True} for c in chunks]
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop(0)
        seen.append(sorted((p.name, p.stat().st_size) for p in leftovers(app.state.studio)))
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
        "query_string": query.encode(), "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }  # fmt: skip
    asyncio.run(app(scope, receive, send))
    return status[0]


def test_a_client_that_leaves_mid_part_leaves_no_file_and_imports_nothing(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    _, alice = with_model(studio)
    app = create_app(studio.settings, ApiSettings())
    photo = photos["sources"][0].read_bytes()
    whole = part("face1.jpg", photo) + part("face2.jpg", photo)
    chunks = [whole[i : i + 65536] for i in range(0, len(photo) + 70_000, 65536)]
    seen: list[list[tuple[str, int]]] = []
    headers = {**alice.auth, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    status = drive(app, "POST", URL, "role=source", headers, chunks, seen)
    assert status == 422
    # When it left, the first file was whole and the second half-written ...
    [[(_, first), (_, second)]] = seen
    assert first == len(photo) and 0 < second < len(photo)
    # ... and neither stayed, nor was imported.
    assert leftovers(studio) == []
    assert not list((studio.home / "models/andie/source").iterdir())


def test_resumable_upload_appends_at_its_offset_survives_a_drop_and_imports_at_the_end(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    client, alice = with_model(studio, upload_max_bytes=2_000_000)
    bob = account(studio, "bob")
    photo = photos["sources"][0].read_bytes()
    made = client.post(
        "/api/v1/models/andie/uploads",
        json={"filename": "face1.jpg", "size": len(photo), "role": "source"},
        headers=alice.auth,
    )
    assert made.status_code == 201, made.text
    upload = made.json()
    assert upload["offset"] == 0 and upload["result"] is None
    url = f"/api/v1/uploads/{upload['id']}"

    def patch(offset: int, data: bytes) -> Any:
        return client.patch(url, content=data, headers={
            **alice.auth, "Upload-Offset": str(offset),
            "Content-Type": "application/offset+octet-stream"})  # fmt: skip

    first = patch(0, photo[:1000])
    assert first.status_code == 200 and first.json()["offset"] == 1000
    assert first.headers["Upload-Offset"] == "1000"
    wrong = patch(0, photo[:1000])
    assert wrong.status_code == 409 and "resume from 1000" in wrong.json()["detail"]
    over = patch(1000, photo[1000:] + b"more")
    assert over.status_code == 413
    assert client.get(url, headers=alice.auth).json()["offset"] == 1000
    # A PATCH whose client leaves keeps what arrived: the next one resumes from there.
    seen: list[list[tuple[str, int]]] = []
    app = create_app(studio.settings, ApiSettings(upload_max_bytes=2_000_000))
    headers = {**alice.auth, "Upload-Offset": "1000",
               "Content-Type": "application/offset+octet-stream"}  # fmt: skip
    drive(app, "PATCH", url, "", headers, [photo[1000:3000], photo[3000:5000]], seen)
    assert client.get(url, headers=alice.auth).json()["offset"] == 5000
    # One writer at a time, whichever API process holds the bytes.
    with (studio.home / "uploads" / f"{upload['id']}.part").open("ab") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        busy = patch(5000, photo[5000:])
        assert busy.status_code == 409 and "another request" in busy.json()["detail"]
    assert client.get(url, headers=bob.auth).status_code == 404
    assert client.patch(url, content=b"x", headers={**bob.auth, "Upload-Offset": "5000"}
                        ).status_code == 404  # fmt: skip
    last = patch(5000, photo[5000:])
    assert last.status_code == 200, last.text
    done = last.json()
    assert done["offset"] == len(photo) and done["finished_at"] is not None
    assert done["result"]["verdict"] == "imported"
    assert done["result"]["stored_as"] == "andie-source-1.jpg"
    assert done["result"]["filename"] == "face1.jpg"
    assert client.get(url, headers=alice.auth).json()["result"] == done["result"]
    assert leftovers(studio) == []  # the .part went once imported
    assert patch(len(photo), b"").status_code == 409  # complete
    big = client.post(
        "/api/v1/models/andie/uploads",
        json={"filename": "huge.jpg", "size": 2_000_001, "role": "source"},
        headers=alice.auth,
    )
    assert big.status_code == 413
    no_category = client.post(
        "/api/v1/models/andie/uploads",
        json={"filename": "t.jpg", "size": 10, "role": "target"},
        headers=alice.auth,
    )
    assert no_category.status_code == 422 and "category" in no_category.json()["detail"]
    no_consent = client.post(
        "/api/v1/models/andie/uploads",
        json={"filename": "t.jpg", "size": 10, "role": "target", "category": "nsfw"},
        headers=alice.auth,
    )
    assert no_consent.status_code == 409 and "nsfw" in no_consent.json()["detail"]


def test_request_folders_a_dead_server_left_are_swept_when_the_api_starts(studio: Studio) -> None:
    root = studio.home / "uploads"
    old, fresh = root / "a", root / "b"
    for folder in (old, fresh):
        folder.mkdir(parents=True)
        (folder / "0000.jpg").write_bytes(b"half")
    (root / "c.part").write_bytes(b"resumable")
    day_ago = time.time() - 2 * 86_400
    os.utime(old, (day_ago, day_ago))
    os.utime(root / "c.part", (day_ago, day_ago))
    api_client(studio)
    assert not old.exists() and (fresh / "0000.jpg").is_file() and (root / "c.part").is_file()
