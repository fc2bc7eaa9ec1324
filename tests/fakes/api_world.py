"""A studio with two API users, each owning a model with consent, photos, finished runs, a
finished job and an upload under way: the objects the API's read, schema and tenancy tests
reach real code with."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import cv2
from sqlmodel import select

from aistudio.core.config import load_model_config, save_model_config
from aistudio.core.fs import UPLOADS
from aistudio.dataset import build_dataset
from aistudio.db import queries
from aistudio.db.api_tables import ApiKey, Job, JobEvent, Upload, WebhookAttempt
from aistudio.db.tables import Photo, utcnow
from aistudio.ingest.importer import create_model, import_photos
from aistudio.studio import Studio
from aistudio.webhooks import endpoints
from tests.conftest import make_model
from tests.fakes.api import PASSWORD, Account, account
from tests.fakes.drive import run_all
from tests.fakes.loras import fake_lora
from tests.fakes.photos import photo_set, variant

UPLOAD_HEAD = b"\xff\xd8\xff\xe0"  # the first bytes of a JPEG: an upload cut short


@dataclass
class Tenant:
    """A user of the world and what they own."""

    account: Account
    model: str
    key_id: int
    runs: list[str] = field(default_factory=list)
    pairs: list[str] = field(default_factory=list)  # s1-t001-sfw, ...: the done ones first
    rejected: str = ""  # a pair the quality gate refused
    photo_id: int = 0  # a target photo no run used
    job_id: str = ""  # a succeeded job: the first run
    upload_id: str = ""  # a resumable upload with its first bytes in
    dataset_version: int = 0  # a dataset version built from the done pairs (2 images)
    dataset_file: str = ""  # an image it trains on (a candidate's stored path)
    lora_file: Path | None = None  # the published file of LoRA v1 (v2 is there too)
    endpoint_id: int = 0  # a webhook endpoint (to a port nothing listens on)
    delivery_id: str = ""  # its one delivery: a ping that was tried once

    @property
    def auth(self) -> dict[str, str]:
        return self.account.auth


@dataclass
class World:
    """Two tenants of one studio."""

    studio: Studio
    tenants: list[Tenant]

    def other(self, tenant: Tenant) -> Tenant:
        """The tenant that is not this one."""
        return next(t for t in self.tenants if t is not tenant)


@contextmanager
def _env(**values: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _job_and_upload(studio: Studio, who: Account, model: str, run_id: str) -> tuple[str, str]:
    """A finished job (as the jobs routes leave one, with its event log) and an upload whose
    first bytes are in (as the uploads routes leave one)."""
    job_id, upload_id = uuid.uuid4().hex, uuid.uuid4().hex
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=model)
        session.add(
            Job(
                id=job_id,
                owner_id=who.id,
                model_id=model_id,
                kind="process",
                params_json=json.dumps({"category": "sfw"}),
                deployment="process-model/default",
                run_id=run_id,
                state="succeeded",
                finished_at=utcnow(),
            )
        )
        session.flush()
        event = json.dumps({"state": "succeeded"})
        session.add(JobEvent(job_id=job_id, seq=1, type="state", data_json=event))
        session.add(
            Upload(
                id=upload_id,
                owner_id=who.id,
                model_id=model_id,
                role="target",
                category="sfw",
                filename="later.jpg",
                size=1000,
                received=len(UPLOAD_HEAD),
            )
        )
    (studio.home / UPLOADS).mkdir(parents=True, exist_ok=True)
    (studio.home / UPLOADS / f"{upload_id}.part").write_bytes(UPLOAD_HEAD)
    return job_id, upload_id


def _webhook(studio: Studio, who: Account) -> tuple[int, str]:
    """A webhook endpoint with one delivery tried once (as the sender leaves one)."""
    with studio.session() as session:
        made = endpoints.create_endpoint(
            session, owner_id=who.id, url="http://127.0.0.1:9/hook", allow_private=True
        )
        delivery = endpoints.ping(session, made.endpoint)
        delivery.attempts, delivery.last_error = 1, "ConnectError: refused"
        session.add(WebhookAttempt(delivery_id=delivery.id, error=delivery.last_error))
    assert made.endpoint.id is not None
    return made.endpoint.id, delivery.id


def tenant(
    studio: Studio, root: Path, user: str, model: str, *, start: int, admin: bool = False
) -> Tenant:
    """A user with a key, and a model of 256 px photos that went through two runs: the first
    swapped and enhanced two pairs; the second's only new pair came back without a face; a
    fourth target came after.
    Photos are variants from `start` on: tenants with other starts share no file."""
    who = account(studio, user, admin=admin)
    with studio.read() as session:
        key_id = session.exec(select(ApiKey.id).where(ApiKey.user_id == who.id)).one()
    assert key_id is not None
    photos = {
        "sources": photo_set(root / user / "s", "face", 1, start=start, size=256),
        "targets": photo_set(root / user / "t", "photo", 4, start=start + 10, size=256),
    }
    create_model(studio, model, owner_id=who.id)
    cfg = load_model_config(studio.paths(model).config)
    cfg.thresholds.min_side = 200  # 256 px photos: the contract, not the pixels, is under test
    save_model_config(studio.paths(model).config, cfg)
    make_model(studio, photos, model, sources=1, targets=2, create=False)
    first = run_all(studio, model)
    import_photos(studio, model, photos["targets"][2:3], role="target", category="sfw")
    with _env(AISTUDIO_FAKE_MISBEHAVE="noface"):
        second = run_all(studio, model)
    # A target no run used (one that may be deleted).
    import_photos(studio, model, photos["targets"][3:], role="target", category="sfw")
    with studio.read() as session:
        photo_id = session.exec(
            select(Photo.id).where(
                Photo.model_id == queries.get_model_id(session, name=model),
                Photo.role == "target",
                Photo.number == 4,
            )
        ).one()
    assert photo_id is not None
    job_id, upload_id = _job_and_upload(studio, who, model, first.run_id)
    built = build_dataset(studio, model)
    for seed in (start, start + 1):  # two published LoRA versions (v1, v2), best step 4
        fake_lora(studio, model, seed=seed)
    endpoint_id, delivery_id = _webhook(studio, who)
    return Tenant(
        account=who,
        model=model,
        key_id=key_id,
        runs=[first.run_id, second.run_id],
        pairs=["s1-t001-sfw", "s1-t002-sfw", "s1-t003-sfw"],
        rejected="s1-t003-sfw",
        photo_id=photo_id,
        job_id=job_id,
        upload_id=upload_id,
        dataset_version=built.version,
        dataset_file=str(built.included[0]["file"]),
        lora_file=studio.paths(model).root / "lora" / f"{model}_v1.safetensors",
        endpoint_id=endpoint_id,
        delivery_id=delivery_id,
    )


def build_world(studio: Studio, root: Path, *, admin: bool = False) -> World:
    """Two users (ada and ben; ada an admin when asked) with a model each (ada-persona,
    ben-persona)."""
    ada = tenant(studio, root, "ada", "ada-persona", start=0, admin=admin)
    ben = tenant(studio, root, "ben", "ben-persona", start=40)
    return World(studio=studio, tenants=[ada, ben])


@cache
def jpeg() -> bytes:
    """A small JPEG of the test face, for upload bodies."""
    ok, buf = cv2.imencode(".jpg", variant(3, size=256))
    assert ok
    return bytes(buf.tobytes())


def _bytes(path: Path | None) -> bytes:
    assert path is not None
    return path.read_bytes()


def _multipart(**fields: str) -> list[tuple[str, tuple[None, str]]]:
    return [(k, (None, v)) for k, v in fields.items()]


# A valid request (httpx keyword arguments: a body, and query or header values it needs) for
# each operation that takes a body or a required parameter beyond its path, by operationId:
# what a test sends to get past validation (e.g. to the owner check). A new such operation
# belongs here; the tenancy walk fails until it is.
Request = dict[str, Any]
BODIES: dict[str, Callable[[Tenant], Request]] = {
    "create_training": lambda me: {"json": {"params": {"steps": 2}, "unreviewed": True}},
    "clone_training": lambda me: {"json": {"params": {"rank": 2}}},
    "request_now": lambda me: {"json": {"action": "sample"}},
    "reorder_queue": lambda me: {"json": {"jobs": [me.job_id]}},
    "sign_in": lambda me: {"json": {"name": me.account.name, "password": PASSWORD}},
    "create_user": lambda me: {"json": {"name": f"{me.account.name}-friend"}},
    "create_key": lambda me: {"json": {"name": "walk", "scopes": ["read"]}},
    "create_model": lambda me: {"json": {"name": f"{me.model}-2"}},
    "update_model": lambda me: {"json": {"enhance": False, "budget_credits": 5}},
    "record_consent": lambda me: {
        "files": _multipart(kind="synthetic", scopes="sfw,nsfw", attest_adult="true")
    },
    "revoke_model_consent": lambda me: {"json": {"purge": True}},
    "upload_photos": lambda me: {
        "params": {"role": "target", "category": "sfw"},
        "files": [("files", ("walk.jpg", jpeg(), "image/jpeg"))],
    },
    "create_upload": lambda me: {
        "json": {"filename": "walk.jpg", "size": len(jpeg()), "role": "target", "category": "sfw"}
    },
    "append_upload": lambda me: {
        "content": jpeg()[:100],
        "headers": {"Upload-Offset": str(len(UPLOAD_HEAD))},
    },
    "create_job": lambda me: {"json": {"category": "sfw"}},
    "create_webhook": lambda me: {
        "json": {"url": "http://127.0.0.1:9/walk", "events": ["job.state", "consent.revoked"]}
    },
    "update_webhook": lambda me: {"json": {"description": "walked", "events": ["*"]}},
    "estimate_job": lambda me: {"json": {"category": "sfw"}},
    "build_dataset": lambda me: {"json": {"max_images": 10}},
    "override_dataset": lambda me: {
        "json": {"changes": [{"file": me.dataset_file, "keep": False, "reason": "walk"}]}
    },
    "generate_captions": lambda me: {"json": {"captioner": "tagger"}},
    "edit_captions": lambda me: {
        "json": {"captions": {"001.jpg": f"a photo of {me.model}, person, smiling"}}
    },
    "check_captions": lambda me: {
        "json": {"captions": {"001.jpg": f"a photo of {me.model}, person, smiling"}}
    },
    "compare_versions": lambda me: {"json": {"versions": [1, 2]}},
    "export_version": lambda me: {"json": {"format": "kohya", "step": 2}},
    "verify_lora_file": lambda me: {
        "files": [("file", ("walk.safetensors", _bytes(me.lora_file), "application/octet-stream"))]
    },
}


def request_for(operation_id: str, tenant: Tenant) -> Request:
    """BODIES' request for an operation, made for the tenant ({} for one not there)."""
    make = BODIES.get(operation_id)
    return make(tenant) if make is not None else {}
