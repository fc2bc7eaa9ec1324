"""Shared fixtures: an isolated studio per test, photos of the public-domain astronaut."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from aistudio.consent.records import set_consent
from aistudio.core.config import get_settings, load_model_config, save_model_config
from aistudio.ingest.importer import create_model, import_photos
from aistudio.studio import Studio
from tests.fakes.photos import photo_set

REPO = Path(__file__).resolve().parents[1]
# On PostgreSQL, the URL of the tables' owner (the studio fixture runs as an insert-only role).
PG_OWNER_URL = pytest.StashKey[str]()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked both_stores run on SQLite and on PostgreSQL; the rest on SQLite."""
    if "db_backend" in metafunc.fixturenames:
        both = metafunc.definition.get_closest_marker("both_stores") is not None
        only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
        backends = ["sqlite", "postgresql"] if both and not only_sqlite else ["sqlite"]
        metafunc.parametrize("db_backend", backends, indirect=True)


@pytest.fixture
def db_backend(request: pytest.FixtureRequest) -> str:
    """Which store the studio fixture uses (parametrized by pytest_generate_tests)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[str]:
    """A PostgreSQL cluster on 127.0.0.1 for the session (host:port); a database per test."""
    from tests.fakes.postgres import cluster

    with cluster() as server:
        yield server


@pytest.fixture
def studio(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    db_backend: str,
    request: pytest.FixtureRequest,
) -> Iterator[Studio]:
    """An empty studio in a temp folder (AISTUDIO_HOME points there), on SQLite or PostgreSQL."""
    monkeypatch.setenv("AISTUDIO_HOME", str(tmp_path / "studio"))
    monkeypatch.setenv("AISTUDIO_PLUGINS", "tests.fakes.provider")
    monkeypatch.delenv("AISTUDIO_FAKE_CALLS", raising=False)
    monkeypatch.delenv("AISTUDIO_DATABASE_URL", raising=False)
    if db_backend == "postgresql":
        from tests.fakes.postgres import as_studio_role, create_database

        server = request.getfixturevalue("pg_cluster")
        name = "t" + uuid.uuid4().hex[:12]
        owner_url = create_database(server, name)
        request.node.stash[PG_OWNER_URL] = owner_url
        monkeypatch.setenv("AISTUDIO_DATABASE_URL", owner_url)
        Studio(get_settings()).engine.dispose()  # the owner migrates ...
        # ... and the studio runs as docs/consent.md's insert-only role (no DDL needed at head).
        monkeypatch.setenv("AISTUDIO_DATABASE_URL", as_studio_role(owner_url))
    yield Studio(get_settings())
    from aistudio.db import engine as db

    # Each PostgreSQL test has its own database: close its pooled connections when done.
    if db_backend == "postgresql":
        for url in [u for u in db._engines if name in u]:
            db._engines.pop(url).dispose()


@pytest.fixture
def call_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fake provider's log of calls (one line per call) for this test."""
    log = tmp_path / "calls.log"
    monkeypatch.setenv("AISTUDIO_FAKE_CALLS", str(log))
    return log


@pytest.fixture(scope="session")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """User photo folders: 4 source photos and 6 target photos (files never to be modified)."""
    root = tmp_path_factory.mktemp("user-photos")
    return {
        "sources": photo_set(root / "faces", "face", 4),
        "targets": photo_set(root / "targets", "photo", 6, start=10),
    }


def make_model(
    studio: Studio,
    photos: dict[str, list[Path]],
    name: str = "andie",
    *,
    sources: int = 2,
    targets: int = 3,
    category: str = "sfw",
    scopes: str = "sfw",
    create: bool = True,
) -> str:
    """A model with consent, sources and targets imported."""
    if create:
        create_model(studio, name)
    set_consent(studio, name, kind="synthetic", scopes=scopes, attest_adult=True)
    import_photos(studio, name, photos["sources"][:sources], role="source")
    import_photos(studio, name, photos["targets"][:targets], role="target", category=category)  # type: ignore[arg-type]
    return name


@pytest.fixture(scope="session")
def small_photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """256 px photos: the contract, not the pixels, is under test here."""
    root = tmp_path_factory.mktemp("small")
    return {
        "sources": photo_set(root / "s", "face", 10, size=256),
        "targets": photo_set(root / "t", "photo", 20, start=10, size=256),
    }


def small_model(studio: Studio, photos: dict[str, list[Path]], sources: int, targets: int) -> str:
    """A model whose thresholds accept 256 px photos."""
    cfg_path = studio.home / "models" / "andie" / "config.json"
    create_model(studio, "andie")
    cfg = load_model_config(cfg_path)
    cfg.thresholds.min_side = 200
    save_model_config(cfg_path, cfg)
    return make_model(studio, photos, sources=sources, targets=targets, create=False)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """Prefect against a temporary local API, shared by the flow tests of a session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server for the whole session."""
    from tests.fakes.s3server import moto_server

    with moto_server() as url:
        yield url


@pytest.fixture
def s3_bucket(
    s3_endpoint: str,
    studio: Studio,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> str:
    """A fresh bucket, with the studio (and its environment) configured to upload into it."""
    import re

    import boto3

    bucket = re.sub(r"[^a-z0-9-]", "-", request.node.name.lower())[:40].strip("-") + "-bkt"
    for key, value in {
        "AWS_ENDPOINT_URL": s3_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AISTUDIO_S3_BUCKET": bucket,
        "AISTUDIO_S3_PREFIX": "studio",
    }.items():
        monkeypatch.setenv(key, value)
    studio.settings.s3_bucket, studio.settings.s3_prefix = bucket, "studio"
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(Bucket=bucket)
    return bucket
