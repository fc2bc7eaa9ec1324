"""A read-only results folder and a disk that fills mid-run: clear errors, nothing paid twice.

The failures are real ones from the kernel: the run drops the capability that lets root ignore
file modes (setpriv), or runs under a file-size limit (RLIMIT_FSIZE, which fails writes with
EFBIG the way a full disk fails them with ENOSPC).
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aistudio.core.diskcheck import check_free_space
from aistudio.core.errors import OutputNotWritable
from tests.cli import aistudio, cli_env, db_rows, setup_andie, snapshot
from tests.conftest import REPO
from tests.fakes.provider import PRICES, calls

pytestmark = pytest.mark.e2e

NO_ROOT_OVERRIDE = [
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
]


def billed(log: Path) -> float:
    """What the fake provider charged for the calls in its log."""
    return sum(PRICES[op] for op, _ in calls(log))  # type: ignore[index]


def ledger(tmp_path: Path) -> float:
    return float(str(db_rows(tmp_path, "select coalesce(sum(credits), 0) from ledgerentry")[0][0]))


def test_a_read_only_results_folder_stops_the_run_before_any_paid_call(
    tmp_path: Path, photos: dict[str, list[Path]]
) -> None:
    log = tmp_path / "calls.log"
    setup_andie(tmp_path, photos)
    results = tmp_path / "studio/models/andie/results"
    results.chmod(0o555)
    exe = str(Path(sys.executable).with_name("aistudio"))
    try:
        proc = subprocess.run(
            [*NO_ROOT_OVERRIDE, exe, "run", "andie", "--provider", "fake", "--yes"],
            capture_output=True,
            text=True,
            env=cli_env(tmp_path, AISTUDIO_FAKE_CALLS=str(log)),
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        results.chmod(0o755)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"cannot write results to {results}" in proc.stderr
    assert "Permission denied; make it writable" in proc.stderr
    assert calls(log) == [] and ledger(tmp_path) == 0
    # Made writable again, the same command finishes the job.
    rerun = aistudio(
        tmp_path, "run", "andie", "--provider", "fake", "--yes", AISTUDIO_FAKE_CALLS=str(log)
    )
    assert rerun.returncode == 0 and "Complete! 8/8 successful" in rerun.stdout, rerun.stdout
    assert len(calls(log)) == 16 and ledger(tmp_path) == billed(log)


def _limit_file_size() -> None:
    # Swapped results (~350 kB) fit, enhanced ones (~800 kB) do not: the disk "fills" mid-run,
    # after a paid enhance came back.
    resource.setrlimit(resource.RLIMIT_FSIZE, (600_000, 600_000))


def test_a_disk_that_fills_mid_run_halts_it_books_what_was_paid_and_a_rerun_finishes(
    tmp_path: Path, photos: dict[str, list[Path]]
) -> None:
    log = tmp_path / "calls.log"
    setup_andie(tmp_path, photos)
    originals = snapshot(photos["targets"][0].parent)
    env = cli_env(tmp_path, AISTUDIO_FAKE_CALLS=str(log))
    drive = [sys.executable, "-m", "tests.fakes.drive", "andie", "fake", "2"]
    full = subprocess.run(
        drive,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
        preexec_fn=_limit_file_size,
    )
    assert full.returncode == 0, full.stderr
    summary = json.loads(full.stdout)
    assert summary["status"] == "failed" and summary["done"] == 0
    failed = [p for p in summary["problems"] if p[1] == "failed"]
    skipped = [p for p in summary["problems"] if p[1] == "skipped"]
    # The first results that could not be stored fail their pairs; the rest are not started.
    assert 1 <= len(failed) <= 2 and len(failed) + len(skipped) == 8
    assert all("cannot write" in p[2] and "File too large" in p[2] for p in failed)
    assert all(p[2].startswith("not started: cannot write") for p in skipped)
    paid_while_full = len(calls(log))
    assert paid_while_full <= 4  # at most two pairs' swap + enhance
    # Paid results that could not be stored are in the ledger: it matches the provider's bill.
    assert ledger(tmp_path) == billed(log)
    assert not list((tmp_path / "studio").rglob("*.tmp"))
    # With space again, a rerun finishes; stored swaps are not paid for again.
    again = subprocess.run(drive, capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    assert json.loads(again.stdout)["done"] == 8, again.stdout
    swaps = [key for op, key in calls(log) if op == "swap"]
    assert len(swaps) == len(set(swaps)) == 8
    assert ledger(tmp_path) == billed(log)
    assert snapshot(photos["targets"][0].parent) == originals


def test_a_run_that_cannot_fit_is_refused_up_front(tmp_path: Path) -> None:
    free = shutil.disk_usage(tmp_path).free
    with pytest.raises(OutputNotWritable, match="MB free, this run needs about"):
        check_free_space(tmp_path, free + 10**12)
    check_free_space(tmp_path, 1)
