"""Consent records and the gate in front of every provider call (aistudio.consent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlmodel import select

from aistudio.consent.records import parse_scopes, require_consent, revoke_consent, set_consent
from aistudio.core.errors import ConsentError, ModelNotFound
from aistudio.core.fs import sha256_bytes
from aistudio.db import queries
from aistudio.db.tables import Consent
from aistudio.ingest.importer import create_model, import_photos
from aistudio.studio import Studio


def _require(studio: Studio, name: str, category: str) -> Consent:
    with studio.session() as s:
        model = queries.get_model(s, name=name)
        return require_consent(s, model=model, category=category)  # type: ignore[arg-type]


def _records(studio: Studio, name: str) -> int:
    with studio.session() as s:
        model_id = queries.get_model_id(s, name=name)
        return len(s.exec(select(Consent).where(Consent.model_id == model_id)).all())


@pytest.fixture
def andie(studio: Studio) -> str:
    create_model(studio, "andie")
    return "andie"


def test_no_record_is_refused(studio: Studio, andie: str) -> None:
    for category in ("sfw", "nsfw"):
        with pytest.raises(ConsentError, match="no consent record"):
            _require(studio, andie, category)


def test_synthetic_sfw_allows_sfw_only(studio: Studio, andie: str) -> None:
    set_consent(studio, andie, kind="synthetic", scopes="sfw", attest_adult=True)
    record = _require(studio, andie, "sfw")
    assert (record.kind, record.scopes, record.attested_adult) == ("synthetic", "sfw", True)
    with pytest.raises(ConsentError, match="nsfw consent scope"):
        _require(studio, andie, "nsfw")


def test_nsfw_scope_allows_both(studio: Studio, andie: str) -> None:
    set_consent(studio, andie, kind="synthetic", scopes="nsfw,sfw", attest_adult=True)
    assert _require(studio, andie, "nsfw").scopes == "sfw,nsfw"
    assert _require(studio, andie, "sfw").scopes == "sfw,nsfw"


def test_revoked_consent_is_refused_until_a_new_record(studio: Studio, andie: str) -> None:
    set_consent(studio, andie, kind="synthetic", scopes="sfw,nsfw", attest_adult=True)
    revoked = revoke_consent(studio, andie)
    assert revoked.revoked_at is not None
    for category in ("sfw", "nsfw"):
        with pytest.raises(ConsentError, match="revoked"):
            _require(studio, andie, category)
    with pytest.raises(ConsentError, match="no consent in force"):
        revoke_consent(studio, andie)
    set_consent(studio, andie, kind="synthetic", scopes="sfw", attest_adult=True)
    assert _require(studio, andie, "sfw").revoked_at is None


def test_newest_record_supersedes_older_ones(studio: Studio, andie: str) -> None:
    set_consent(studio, andie, kind="synthetic", scopes="sfw,nsfw", attest_adult=True)
    set_consent(studio, andie, kind="synthetic", scopes="sfw", attest_adult=True)
    with pytest.raises(ConsentError):
        _require(studio, andie, "nsfw")


def test_set_consent_requires_adult_attestation(studio: Studio, andie: str) -> None:
    with pytest.raises(ConsentError, match="attest-adult"):
        set_consent(studio, andie, kind="synthetic", scopes="sfw", attest_adult=False)
    assert _records(studio, andie) == 0


@pytest.mark.parametrize("kind", ["demo", "Synthetic", "real_person", "", "anything"])
def test_set_consent_refuses_demo_and_unknown_kinds(studio: Studio, andie: str, kind: str) -> None:
    with pytest.raises(ConsentError, match="invalid consent kind"):
        set_consent(studio, andie, kind=kind, scopes="sfw", attest_adult=True)
    assert _records(studio, andie) == 0


def test_set_consent_on_missing_model_is_refused(studio: Studio) -> None:
    with pytest.raises(ModelNotFound, match="'ghost'"):
        set_consent(studio, "ghost", kind="synthetic", scopes="sfw", attest_adult=True)


@pytest.fixture
def release(tmp_path: Path) -> Path:
    path = tmp_path / "signed" / "Release Form.PDF"
    path.parent.mkdir()
    path.write_bytes(b"%PDF-1.4 signed model release for Jane Doe\n" * 50)
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    return path


def test_real_person_needs_a_subject(studio: Studio, andie: str, release: Path) -> None:
    for subject in (None, "", "   "):
        with pytest.raises(ConsentError, match="--subject"):
            set_consent(
                studio,
                andie,
                kind="real-person",
                scopes="sfw",
                attest_adult=True,
                subject=subject,
                release=release,
            )
    assert _records(studio, andie) == 0


def test_real_person_needs_an_existing_release_file(
    studio: Studio, andie: str, tmp_path: Path
) -> None:
    with pytest.raises(ConsentError, match="--release"):
        set_consent(
            studio, andie, kind="real-person", scopes="sfw", attest_adult=True, subject="Jane"
        )
    for missing in (tmp_path / "nope.pdf", tmp_path):  # absent, and a folder
        with pytest.raises(ConsentError, match="not found"):
            set_consent(
                studio,
                andie,
                kind="real-person",
                scopes="sfw",
                attest_adult=True,
                subject="Jane",
                release=missing,
            )
    assert _records(studio, andie) == 0
    assert not (studio.paths(andie).root / "consent").exists()


def test_real_person_release_is_copied_by_hash(studio: Studio, andie: str, release: Path) -> None:
    original = release.read_bytes()
    before = release.stat()
    record = set_consent(
        studio,
        andie,
        kind="real-person",
        scopes="sfw,nsfw",
        attest_adult=True,
        subject="  Jane Doe ",
        release=release,
    )
    sha = sha256_bytes(original)
    assert record.release_sha256 == sha
    assert record.subject == "Jane Doe"
    assert record.release_path == f"models/andie/consent/release-{sha[:12]}.pdf"
    copy = studio.home / record.release_path
    assert copy.read_bytes() == original
    # The user's file is read, never moved or changed.
    assert release.read_bytes() == original
    after = release.stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
    # Only the copy is left in the consent folder (no temp file).
    assert [p.name for p in copy.parent.iterdir()] == [copy.name]
    assert _require(studio, andie, "nsfw").kind == "real-person"
    # Recording the same release again reuses the stored copy.
    again = set_consent(
        studio,
        andie,
        kind="real-person",
        scopes="sfw",
        attest_adult=True,
        subject="Jane Doe",
        release=release,
    )
    assert again.release_path == record.release_path
    assert len(list(copy.parent.iterdir())) == 1


def test_real_person_consent_for_missing_model_writes_nothing(
    studio: Studio, release: Path
) -> None:
    """A refused consent must not leave a models/<name>/consent folder behind."""
    with pytest.raises(ModelNotFound):
        set_consent(
            studio,
            "ghost",
            kind="real-person",
            scopes="sfw",
            attest_adult=True,
            subject="Jane Doe",
            release=release,
        )
    assert not (studio.home / "models" / "ghost").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sfw", ["sfw"]),
        ("nsfw", ["nsfw"]),
        ("sfw,nsfw", ["sfw", "nsfw"]),
        ("nsfw,sfw", ["sfw", "nsfw"]),
        (" SFW , nsfw ,sfw,", ["sfw", "nsfw"]),
        (["nsfw", "sfw", "nsfw"], ["sfw", "nsfw"]),
    ],
)
def test_parse_scopes(text: str | list[str], expected: list[str]) -> None:
    assert parse_scopes(text) == expected


@pytest.mark.parametrize("text", ["", " , ", "all", "sfw,porn", "sfw;nsfw", [], ["x"]])
def test_parse_scopes_refuses_bad_input(text: str | list[str]) -> None:
    with pytest.raises(ConsentError, match="invalid scope"):
        parse_scopes(text)


def test_set_consent_refuses_bad_scopes(studio: Studio, andie: str) -> None:
    with pytest.raises(ConsentError, match="invalid scope"):
        set_consent(studio, andie, kind="synthetic", scopes="everything", attest_adult=True)
    assert _records(studio, andie) == 0


def test_demo_consent_covers_only_the_bundled_photo(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    from aistudio.cli.demo import DEMO_MODEL, build_demo

    sources, targets = build_demo(studio)
    assert len(sources.imported) == 2 and not sources.rejected
    assert len(targets.imported) == 4 and not targets.rejected
    record = _require(studio, DEMO_MODEL, "sfw")
    assert (record.kind, record.scopes) == ("demo", "sfw")
    with pytest.raises(ConsentError, match="nsfw consent scope"):
        _require(studio, DEMO_MODEL, "nsfw")

    # A user photo in the demo model voids the demo consent: it is no way around consent.
    report = import_photos(studio, DEMO_MODEL, photos["targets"][:1], role="target", category="sfw")
    assert len(report.imported) == 1
    with pytest.raises(ConsentError, match="not the bundled demo photo"):
        _require(studio, DEMO_MODEL, "sfw")
    # Re-running the demo builder does not restore it either.
    build_demo(studio)
    with pytest.raises(ConsentError, match="not the bundled demo photo"):
        _require(studio, DEMO_MODEL, "sfw")
