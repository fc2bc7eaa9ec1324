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
from tests.fakes.drive import run_all


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


def _drop_triggers_and(studio: Studio, *sql: str) -> None:
    """Tamper as someone with a SQL shell would: drop the triggers, then edit."""
    with studio.session() as session:
        for name in ("auditevent_no_update", "auditevent_no_delete", "consent_no_update",
                     "consent_no_delete"):  # fmt: skip
            session.execute(text(f"DROP TRIGGER {name}"))
        for statement in sql:
            session.execute(text(statement))


def _broken(studio: Studio) -> str | None:
    with studio.read() as session:
        return audit.verify(session).broken


@pytest.mark.parametrize(
    ("tamper", "says"),
    [
        # The done-when case: the revocation's event deleted (it is the log's last row).
        ("DELETE FROM auditevent WHERE action = 'consent.revoke'", "consent.revoke event"),
        ("DELETE FROM auditevent WHERE action = 'run.start'", "auditevent row"),
        ("UPDATE auditevent SET detail = '{}' WHERE action = 'run.finish'", "edited"),
        ("UPDATE auditevent SET actor = 'someone' WHERE action = 'consent.set'", "edited"),
        ("UPDATE consent SET revoked_at = NULL", "revoke event exists"),
        ("UPDATE consent SET scopes = 'sfw,nsfw'", "edited"),
        ("DELETE FROM consent", "the row does not"),
        # The last event renumbered (its link and content intact): only its id changed.
        ("UPDATE auditevent SET id = id + 100 WHERE action = 'consent.revoke'", "edited"),
    ],
)
def test_audit_verify_finds_what_was_changed_by_hand_with_the_triggers_dropped(
    studio: Studio, photos: dict[str, list[Path]], tamper: str, says: str
) -> None:
    name = make_model(studio, photos, sources=1, targets=1)
    run_all(studio, name, provider="local")
    revoke_consent(studio, name)
    assert _broken(studio) is None
    _drop_triggers_and(studio, tamper)
    broken = _broken(studio)
    assert broken is not None and says in broken


def test_audit_verify_on_the_cli_names_the_first_broken_link(
    studio: Studio, photos: dict[str, list[Path]], tmp_path: Path
) -> None:
    from tests.cli import aistudio

    name = make_model(studio, photos, sources=1, targets=1)
    revoke_consent(studio, name)
    home = str(studio.home)
    intact = aistudio(tmp_path, "audit", "verify", AISTUDIO_HOME=home)
    assert intact.returncode == 0, intact.stderr
    assert "Audit log intact: 2 events, 1 consent records" in intact.stdout
    _drop_triggers_and(studio, "DELETE FROM auditevent WHERE action = 'consent.revoke'")
    broken = aistudio(tmp_path, "audit", "verify", "--json", AISTUDIO_HOME=home)
    assert broken.returncode == 1
    assert "consent.revoke event is missing" in json.loads(broken.stdout)["broken"]


def test_consent_rows_are_kept_and_revoked_only_once(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    name = make_model(studio, photos, sources=1, targets=1)
    for sql in ("DELETE FROM consent", "UPDATE consent SET scopes = 'sfw,nsfw'"):
        with pytest.raises(DBAPIError, match="consent record"), studio.session() as session:
            session.execute(text(sql))
    revoke_consent(studio, name)  # setting revoked_at once is allowed
    with pytest.raises(DBAPIError, match="revoked, once"), studio.session() as session:
        session.execute(text("UPDATE consent SET revoked_at = NULL"))
    assert _broken(studio) is None


@pytest.mark.integration
def test_on_postgresql_the_studios_role_can_append_but_not_rewrite(
    pg_cluster: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    photos: dict[str, list[Path]],
) -> None:
    from aistudio.core.config import get_settings
    from tests.fakes.postgres import as_studio_role, create_database

    owner_url = create_database(pg_cluster, "roles")
    monkeypatch.setenv("AISTUDIO_HOME", str(tmp_path / "studio"))
    monkeypatch.setenv("AISTUDIO_PLUGINS", "tests.fakes.provider")
    monkeypatch.setenv("AISTUDIO_DATABASE_URL", owner_url)
    Studio(get_settings()).engine.dispose()  # the owner migrates
    # docs/consent.md's setup, as the tables' owner (the role is the cluster's: an earlier
    # test on this cluster may have made it)
    monkeypatch.setenv("AISTUDIO_DATABASE_URL", as_studio_role(owner_url))
    studio = Studio(get_settings())
    name = make_model(studio, photos, sources=1, targets=1)
    run_all(studio, name, provider="local")
    revoke_consent(studio, name)  # the one UPDATE the role has on consent
    purge_outputs(studio, name)
    for sql in (
        "UPDATE auditevent SET actor = 'x'",
        "DELETE FROM auditevent",
        "TRUNCATE auditevent",
        "UPDATE consent SET scopes = 'sfw,nsfw'",
        "DELETE FROM consent",
        "DROP TRIGGER auditevent_no_delete ON auditevent",
    ):
        denied = pytest.raises(DBAPIError, match=r"permission denied|must be owner")
        with denied, studio.session() as session:
            session.execute(text(sql))
    assert _broken(studio) is None
    assert [a for a, _ in log(studio, name)][-2:] == ["consent.revoke", "consent.purge"]
    studio.engine.dispose()


@pytest.mark.both_stores
def test_appends_from_many_processes_at_once_keep_one_chain(
    studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writers racing to append must not both link to the same last row (a forked chain)."""
    import threading

    from aistudio.core.config import get_settings

    url = str(studio.engine.url.render_as_string(hide_password=False))
    if url.startswith("postgresql"):  # and the session's time zone must not change a hash
        monkeypatch.setenv("AISTUDIO_DATABASE_URL", url + "?options=-c%20TimeZone%3DAsia/Kolkata")
        studio = Studio(get_settings())
    start = threading.Barrier(8)
    failed: list[BaseException] = []

    def append(n: int) -> None:
        try:
            start.wait()
            for i in range(5):
                with studio.session() as session:
                    audit.record(session, action="test.race", model_id=None, n=n, i=i)
        except BaseException as e:  # a thread's failure is asserted below
            failed.append(e)

    threads = [threading.Thread(target=append, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failed == []
    with studio.read() as session:
        report = audit.verify(session)
        links = session.execute(text("SELECT prev_hash FROM auditevent")).scalars().all()
    assert report.broken is None and report.events == 40
    assert len(set(links)) == 40  # no two rows follow the same row


def test_consent_show_prints_an_actor_s_terminal_escapes_escaped(
    studio: Studio, photos: dict[str, list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.cli import aistudio

    # The actor is free text (AISTUDIO_ACTOR, or an API's user name): here, one that would
    # recolour the terminal and rewrite the line it is printed on.
    monkeypatch.setenv("AISTUDIO_ACTOR", "\x1b[2K\rroot\x1b[31m")
    name = make_model(studio, photos, sources=1, targets=1)
    shown = aistudio(tmp_path, "consent", "show", name, AISTUDIO_HOME=str(studio.home))
    assert shown.returncode == 0, shown.stderr
    assert "\x1b" not in shown.stdout and "\r" not in shown.stdout
    assert "\\x1b[2K\\rroot\\x1b[31m consent.set" in shown.stdout
