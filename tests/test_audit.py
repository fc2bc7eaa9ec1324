"""The append-only audit log, consent record hashes, and revoke --purge."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from aistudio.consent import audit
from aistudio.consent.purge import purge_outputs
from aistudio.consent.records import record_hash, revoke_consent, set_consent
from aistudio.core.errors import ConsentError
from aistudio.db import queries
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.test_pipeline import run_all


def log(studio: Studio, name: str) -> list[tuple[str, dict[str, object]]]:
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=name)
        return [(e.action, json.loads(e.detail)) for e in audit.events(session, model_id=model_id)]


def test_every_consent_change_and_run_is_logged_with_the_record_hash(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    name = make_model(studio, photos, sources=1, targets=1)
    summary = run_all(studio, name, provider="local")
    revoke_consent(studio, name)
    actions = [a for a, _ in log(studio, name)]
    assert actions == ["consent.set", "run.start", "run.finish", "consent.revoke"]
    entries = dict(log(studio, name))
    assert entries["run.finish"]["run_id"] == summary.run_id
    with studio.session() as session:
        model = queries.get_model(session, name=name)
        record = queries.current_consent(session, model_id=queries.get_model_id(session, name=name))
        assert record is not None
        assert record.record_hash == record_hash(record, model.name)
        assert entries["consent.set"]["record_hash"] == record.record_hash
        assert len(record.record_hash) == 64
        found = queries.consent_by_hash(session, record_hash=record.record_hash)
        assert found is not None and found.id == record.id


def test_the_audit_log_refuses_edits_and_deletes(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    make_model(studio, photos, sources=1, targets=1)
    for sql in ("UPDATE auditevent SET actor = 'someone else'", "DELETE FROM auditevent"):
        with pytest.raises(DBAPIError, match="append-only"), studio.session() as session:
            session.execute(text(sql))
    assert [a for a, _ in log(studio, "andie")] == ["consent.set"]


def test_a_changed_record_gets_a_different_hash(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    name = make_model(studio, photos, sources=1, targets=1)
    first = set_consent(studio, name, kind="synthetic", scopes="sfw", attest_adult=True)
    second = set_consent(studio, name, kind="synthetic", scopes="sfw,nsfw", attest_adult=True)
    assert first.record_hash != second.record_hash


def test_revoke_with_purge_deletes_outputs_here_and_on_s3_but_keeps_photos(
    studio: Studio, photos: dict[str, list[Path]], s3_endpoint: str, s3_bucket: str
) -> None:
    name = make_model(studio, photos, sources=1, targets=2)
    run_all(studio, name, provider="local")
    results = studio.home / "models" / name / "results"
    assert len(list(results.rglob("*.jpg"))) == 4
    revoke_consent(studio, name)
    report = purge_outputs(studio, name)
    assert (report.local_files, report.remote_objects) == (4, 4)
    assert list(results.rglob("*.jpg")) == []
    keys = [
        o["Key"]
        for o in boto3.client("s3", endpoint_url=s3_endpoint)
        .list_objects_v2(Bucket=s3_bucket)
        .get("Contents", [])
    ]
    assert sorted(keys) == [
        "studio/andie/source/andie-source-1.jpg",
        "studio/andie/targets/sfw/andie-t001-sfw.jpg",
        "studio/andie/targets/sfw/andie-t002-sfw.jpg",
    ]
    assert all(p.is_file() for p in photos["sources"][:1])  # the user's originals
    purged = dict(log(studio, name))["consent.purge"]
    assert (purged["local_files"], purged["remote_objects"]) == (4, 4)
    assert "models/andie/results/" in purged["removed"]  # type: ignore[operator]
    with pytest.raises(ConsentError, match="revoked"):
        run_all(studio, name, provider="local")
