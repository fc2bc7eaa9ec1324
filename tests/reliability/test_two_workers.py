"""Two workers on two hosts share one PostgreSQL store and one bucket, and split a model's pairs.

Each "host" is a process with its own AISTUDIO_HOME (its own disk): the photos were imported on
a third machine and reach the workers only through S3 and the shared store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import boto3
import pytest
from sqlmodel import select

from aistudio.consent.records import set_consent
from aistudio.core.config import get_settings, load_model_config, save_model_config
from aistudio.db import queries
from aistudio.db.tables import LedgerEntry, Output, PairState
from aistudio.ingest.importer import create_model, import_photos
from aistudio.studio import Studio
from tests.conftest import REPO
from tests.fakes.postgres import create_database
from tests.fakes.provider import calls

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _host_env(base: dict[str, str], home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AISTUDIO_", "PREFECT_"))}
    env.update(base, AISTUDIO_HOME=str(home), PYTHONPATH=str(REPO))
    return env


def test_two_workers_split_one_models_pairs_and_pay_for_each_once(
    tmp_path: Path,
    pg_cluster: str,
    s3_endpoint: str,
    small_photos: dict[str, list[Path]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shared = {
        "AISTUDIO_DATABASE_URL": create_database(pg_cluster, "twoworkers"),
        "AISTUDIO_S3_BUCKET": "two-workers",
        "AISTUDIO_S3_PREFIX": "studio",
        "AISTUDIO_PLUGINS": "tests.fakes.provider",
        "AISTUDIO_FAKE_CALLS": str(tmp_path / "calls.log"),  # O_APPEND: one log for both
        "AISTUDIO_FAKE_DELAY": "0.3",
        "AWS_ENDPOINT_URL": s3_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    # The machine where the photos are imported (a laptop, say).
    for key, value in {**shared, "AISTUDIO_HOME": str(tmp_path / "laptop")}.items():
        monkeypatch.setenv(key, value)
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(Bucket="two-workers")
    laptop = Studio(get_settings())
    paths = create_model(laptop, "andie")
    config = load_model_config(paths.config)
    config.thresholds.min_side = 200
    save_model_config(paths.config, config)
    set_consent(laptop, "andie", kind="synthetic", scopes="sfw", attest_adult=True)
    import_photos(laptop, "andie", small_photos["sources"][:2], role="source")
    import_photos(laptop, "andie", small_photos["targets"][:6], role="target", category="sfw")

    hosts = {name: tmp_path / name for name in ("host-a", "host-b")}
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-m", "tests.fakes.drive", "andie", "fake", "3"],
            env=_host_env(shared, home),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, home in hosts.items()
    }
    outputs = {name: proc.communicate(timeout=300) for name, proc in procs.items()}
    for name, (out, err) in outputs.items():
        assert procs[name].returncode == 0, (name, out, err)
        assert not any(w in err.lower() for w in ("locked", "deadlock", "traceback")), err
    summaries = {name: json.loads(out.splitlines()[-1]) for name, (out, _) in outputs.items()}
    assert all(s["failed"] == 0 for s in summaries.values()), summaries

    # The provider saw each of the 12 swaps and 12 enhances exactly once.
    made = calls(Path(shared["AISTUDIO_FAKE_CALLS"]))
    assert Counter(op for op, _ in made) == {"swap": 12, "enhance": 12}
    assert len(set(made)) == 24
    with laptop.read() as session:
        model_id = queries.get_model_id(session, name="andie")
        ledger = session.exec(select(LedgerEntry).where(LedgerEntry.model_id == model_id)).all()
        outputs_rows = session.exec(select(Output).where(Output.model_id == model_id)).all()
        states = session.exec(select(PairState).where(PairState.model_id == model_id)).all()
    # Each pair paid once, by one worker; both workers did some of the work.
    assert Counter((e.pair, e.op) for e in ledger) == {
        (p, op): 1 for p in {e.pair for e in ledger} for op in ("swap", "enhance")
    }
    assert len(ledger) == 24 and sum(e.credits for e in ledger) == 12 * 12
    assert len({e.run_id for e in ledger}) == 2
    assert len(outputs_rows) == 24
    done = {s.pair for s in states if s.status == "done"}
    assert len(done) == 12
    elsewhere = [s for s in states if s.status == "skipped"]
    assert all((s.reason or "").startswith("processed by") for s in elsewhere)
    # Every result is in the bucket, where the laptop (or a third worker) finds it.
    s3 = boto3.client("s3", endpoint_url=s3_endpoint)
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="two-workers")["Contents"]]
    results = [k for k in keys if "/results/" in k]
    assert len([k for k in results if k.endswith("-swapped.jpg")]) == 12
    assert len([k for k in results if k.endswith("-enhanced.jpg")]) == 12
    # Neither host had the photos before: both fetched them from the bucket.
    for home in hosts.values():
        assert len(list((home / "models/andie/source").glob("*.jpg"))) == 2
