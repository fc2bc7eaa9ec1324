"""The installed `aistudio` command end to end, as a user runs it (subprocesses, real files)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tests.cli import aistudio, assert_user_error, cli_env, db_rows, setup_andie
from tests.fakes.photos import astronaut, png_claiming, write_jpeg
from tests.fakes.provider import calls
from tests.fakes.sd import tiny_sd15

pytestmark = pytest.mark.e2e


def test_help_explains_the_commands(tmp_path: Path) -> None:
    proc = aistudio(tmp_path, "--help")
    assert proc.returncode == 0
    for word in ("model", "sources", "targets", "consent", "run", "status", "costs", "demo"):
        assert word in proc.stdout


def test_bad_inputs_get_one_clear_line_and_exit_2(
    tmp_path: Path, photos: dict[str, list[Path]]
) -> None:
    assert_user_error(aistudio(tmp_path, "model", "create", "../x"), "invalid model name")
    assert_user_error(aistudio(tmp_path, "model", "create", "has space"), "invalid model name")
    assert_user_error(aistudio(tmp_path, "run", "nobody", "--yes"), "no model named 'nobody'")
    assert aistudio(tmp_path, "model", "create", "andie").returncode == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.jpg").write_bytes(b"")
    (bad / "notes.jpg").write_text("not a picture")
    write_jpeg(bad / "tiny.jpg", astronaut(100))
    good = photos["sources"][0].read_bytes()
    (bad / "cut.jpg").write_bytes(good[: len(good) // 2])
    (bad / "bomb.png").write_bytes(png_claiming(40_000, 25_000))
    write_jpeg(bad / "noface.jpg", np.full((900, 1200, 3), 128, np.uint8))
    names = ["empty.jpg", "notes.jpg", "tiny.jpg", "cut.jpg", "bomb.png", "noface.jpg"]
    proc = aistudio(
        tmp_path,
        "sources",
        "add",
        "andie",
        *(str(bad / n) for n in names),
        str(photos["sources"][0]),
    )
    assert_user_error(
        proc,
        *names,
        "rule: decodes",
        "rule: min-side",
        "rule: max-pixels",
        "rule: face",
        "andie-source-1.jpg",
    )
    assert len(proc.stderr.strip().splitlines()) == len(names)  # one line per rejected file
    assert not list((tmp_path / "studio").rglob("*.tmp"))
    # No consent yet: refused before anything runs.
    aistudio(tmp_path, "targets", "add", "andie", "--category", "sfw", str(photos["targets"][0]))
    assert_user_error(aistudio(tmp_path, "run", "andie", "--yes"), "no consent record")
    assert_user_error(
        aistudio(tmp_path, "consent", "set", "andie", "--kind", "synthetic"), "--attest-adult"
    )


@pytest.mark.slow
def test_scripted_session_then_costs_and_status(
    tmp_path: Path, photos: dict[str, list[Path]]
) -> None:
    steps = [
        ("model", "create", "andie", "--trigger", "andiex"),
        ("consent", "set", "andie", "--kind", "synthetic", "--scope", "sfw", "--attest-adult"),
        ("sources", "add", "andie", str(photos["sources"][0])),
        ("targets", "add", "andie", "--category", "sfw", *map(str, photos["targets"][:2])),
    ]
    for step in steps:
        proc = aistudio(tmp_path, *step)
        assert proc.returncode == 0, (step, proc.stdout, proc.stderr)
    dry = aistudio(tmp_path, "run", "andie", "--provider", "fake", "--dry-run")
    assert "Estimated cost: 24 credits (2 swaps x 10, 2 enhance x 2)" in dry.stdout
    assert_user_error(
        aistudio(tmp_path, "run", "andie", "--provider", "fake", "--budget", "10", "--yes"),
        "over the budget of 10 credits",
    )
    run = aistudio(tmp_path, "run", "andie", "--provider", "fake", "--yes")
    assert run.returncode == 0, (run.stdout, run.stderr)
    assert "Complete! 2/2 successful" in run.stdout
    assert "Cost: 24 credits" in run.stdout
    assert "Traceback" not in run.stderr
    costs = aistudio(tmp_path, "costs", "andie", "--json")
    assert '"total_credits": 24.0' in costs.stdout
    status = aistudio(tmp_path, "status", "andie")
    assert "results sfw/enhanced: 2" in status.stdout


@pytest.mark.slow
def test_interactive_menu_driven_through_stdin(
    tmp_path: Path, photos: dict[str, list[Path]]
) -> None:
    answers = [
        "1",  # Create New Model
        "andie",
        "1",  # synthetic
        "n",  # no NSFW
        "y",  # adult
        f"{photos['sources'][0]}, {photos['sources'][1]}",
        "2",  # SFW
        str(photos["targets"][0]),
        "",  # Continue? [Y/n]
        "2",  # Work with Existing Model
        "1",  # andie
        "7",  # Build training dataset
        "2",  # SD 1.5
        "",  # no source photos
        "8",  # Caption and review
        "y",  # approve
        "9",  # LoRAs
        "1",  # Train a LoRA
        "",  # the dataset's family (SD 1.5)
        "",  # its configured base (the tiny one, AISTUDIO_SD15_BASE)
        "2",  # steps
        "4",  # rank
        "32",  # resolution
        "0",  # samples per checkpoint
        "2",  # Versions
        "4",  # Export a file
        "",  # the newest version
        "",  # its family's own format
        "5",  # Back
        "10",  # Back
        "3",  # View All Models
        "4",  # Exit
    ]
    base = tiny_sd15(tmp_path / "tiny-sd15")
    proc = aistudio(tmp_path, stdin="\n".join(answers) + "\n", AISTUDIO_SD15_BASE=str(base))
    out = proc.stdout
    assert proc.returncode == 0, (out, proc.stderr)
    for line in (
        "AI Model Studio",
        "[1] Create New Model",
        "✓ Model created: models/andie/",
        "✓ Consent recorded: synthetic, scopes sfw",
        "✓ Validated: 2 photos",
        "✓ Renamed: face1.jpg -> andie-source-1.jpg",
        "✓ Renamed: face2.jpg -> andie-source-2.jpg",
        "Which folder to process?  [1] NSFW  [2] SFW  [3] Both",
        "✓ 1 targets uploaded",
        "✓ Face detected in 1/1 targets",
        "Estimated cost: 0 credits",
        "✓ Complete! 2/2 successful",
        "✓ Saved to: models/andie/results/sfw/",
        "[7] Build training dataset",
        "✓ Training dataset v1: 1 image in, 1 out (1 duplicate)",
        "✓ Captions: dataset v2 (1 image)",
        "  001.jpg: a photo of andie, person, ",
        "✓ Dataset v2 approved by",
        "[9] LoRAs",
        "✓ LoRA v1: 2 steps, best step 2",
        "✓ Exported: ",
        "andie: 2 sources",
    ):
        assert line in out, (line, out)
    assert len(list((tmp_path / "studio/models/andie/results/sfw").rglob("*-enhanced.jpg"))) == 2


@pytest.mark.slow
def test_menu_asks_again_after_a_mistyped_choice(
    tmp_path: Path, photos: dict[str, list[Path]]
) -> None:
    answers = [
        "1",  # Create New Model
        "andie",
        "3",  # not a consent kind: asked again
        "synthetic",  # a word, not a number: asked again
        "1",  # synthetic
        "n",  # no NSFW
        "y",  # adult
        str(photos["sources"][0]),
        "4",  # not a folder: asked again
        "",  # empty: asked again
        "2",  # SFW
        str(photos["targets"][0]),
        "",  # Continue? [Y/n]
        "4",  # Exit
    ]
    proc = aistudio(tmp_path, stdin="\n".join(answers) + "\n")
    out = proc.stdout
    assert proc.returncode == 0, (out, proc.stderr)
    assert "Unknown choice '3': enter 1, 2" in out
    assert "Unknown choice 'synthetic': enter 1, 2" in out
    assert "Unknown choice '4': enter 1, 2, 3" in out
    assert out.count("Which folder to process?") == 3
    assert "✓ Consent recorded: synthetic, scopes sfw" in out
    assert "✓ Complete! 1/1 successful" in out
    assert len(list((tmp_path / "studio/models/andie/results/sfw").rglob("*-enhanced.jpg"))) == 1


def run_and_kill(tmp_path: Path, log: Path, after_calls: int, **env: str) -> None:
    """Start `aistudio run`, SIGKILL it once the provider has seen after_calls calls."""
    exe = Path(sys.executable).with_name("aistudio")
    proc = subprocess.Popen(
        [str(exe), "run", "andie", "--provider", "fake", "--yes"],
        env=cli_env(tmp_path, AISTUDIO_FAKE_CALLS=str(log), AISTUDIO_FAKE_DELAY="0.4", **env),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while len(calls(log)) < after_calls and time.monotonic() < deadline:
            assert proc.poll() is None, "the run ended before it could be killed"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the embedded Prefect server it left behind


@pytest.mark.slow
def test_sigkill_mid_run_then_rerun_processes_each_pair_exactly_once(
    tmp_path: Path, photos: dict[str, list[Path]]
) -> None:
    log = tmp_path / "calls.log"
    setup_andie(tmp_path, photos)
    run_and_kill(tmp_path, log, after_calls=5)
    killed_at = len(calls(log))
    done_before = int(
        str(db_rows(tmp_path, "select count(*) from ledgerentry where op = 'enhance'")[0][0])
    )
    assert killed_at > 0 and done_before < 8, "the kill did not land mid-run"
    rerun = aistudio(
        tmp_path, "run", "andie", "--provider", "fake", "--yes", AISTUDIO_FAKE_CALLS=str(log)
    )
    assert rerun.returncode == 0, (rerun.stdout, rerun.stderr)
    assert "Complete! 8/8 successful" in rerun.stdout
    # Each pair was swapped and enhanced exactly once across both runs (the ledger) ...
    per_op = db_rows(tmp_path, "select pair, op, count(*) from ledgerentry group by pair, op")
    assert len(per_op) == 16 and all(n == 1 for _, _, n in per_op)
    # ... and the provider saw at most the operations in flight at the kill a second time.
    log_lines = calls(log)
    repeated = len(log_lines) - len(set(log_lines))
    assert repeated <= 2, log_lines
    assert len(list((tmp_path / "studio").rglob("*.tmp"))) == 0


@pytest.mark.slow
def test_s3_run_killed_mid_upload_then_rerun_leaves_every_object_verified(
    tmp_path: Path, photos: dict[str, list[Path]], s3_endpoint: str
) -> None:
    import boto3

    s3_env = {
        "AWS_ENDPOINT_URL": s3_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AISTUDIO_S3_BUCKET": "cli-kill-bkt",
        "AISTUDIO_S3_PREFIX": "studio",
    }
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3.create_bucket(Bucket="cli-kill-bkt")
    log = tmp_path / "calls.log"
    setup_andie(tmp_path, photos, **s3_env)
    run_and_kill(tmp_path, log, after_calls=7, **s3_env)
    rerun = aistudio(
        tmp_path,
        "run",
        "andie",
        "--provider",
        "fake",
        "--yes",
        AISTUDIO_FAKE_CALLS=str(log),
        **s3_env,
    )
    assert rerun.returncode == 0, (rerun.stdout, rerun.stderr)
    assert "Uploaded to S3: andie-workflow-" in rerun.stdout
    sync = aistudio(tmp_path, "sync", "andie", **s3_env)
    assert sync.returncode == 0, (sync.stdout, sync.stderr)
    # 2 sources + 4 targets + 8 swapped + 8 enhanced, all present with matching checksums.
    assert "Verified 22 files in s3://cli-kill-bkt/studio: 0 uploaded, 0 repaired" in sync.stdout
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="cli-kill-bkt")["Contents"]]
    assert len(keys) == 22
    runs = aistudio(tmp_path, "runs", "andie", **s3_env)
    assert runs.stdout.count("andie-workflow-") == 2
    share = aistudio(tmp_path, "share", "andie", **s3_env)
    links = [line for line in share.stdout.splitlines() if "-enhanced.jpg  http" in line]
    assert len(links) == 8
