"""`aistudio lora train` killed from outside (SIGKILL, as a crash) soon after a checkpoint
appears, then run again as a user would, writes every later checkpoint and the LoRA file bit
for bit as a run never killed does."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from aistudio import dataset
from aistudio.studio import Studio
from aistudio.training.checkpoint import latest, steps
from tests.cli import aistudio, cli_env
from tests.fakes.datasets import processed
from tests.fakes.sd import shared_sd15

pytestmark = pytest.mark.slow
STEPS, EVERY, KILL_AFTER = 12, 2, 4


def _args(name: str, base: Path) -> list[str]:
    """A small SD 1.5 training that keeps every checkpoint, with an average of the weights."""
    return [
        "lora", "train", name, "--base", str(base), "--family", "sd15", "--unreviewed",
        "--steps", str(STEPS), "--checkpoint-every", str(EVERY), "--rank", "4",
        "--resolution", "32", "--samples", "0", "--ema-decay", "0.9", "--seed", "5",
        "--keep-checkpoints", "100",
    ]  # fmt: skip


def _training_dir(home: Path, name: str) -> Path | None:
    found = list((home / "models" / name / "training").glob("*"))
    return found[0] if len(found) == 1 else None


def _differences(a: Path, b: Path) -> list[str]:
    """What differs between two checkpoints' (or files') tensors, optimizer state and record."""
    import torch
    from safetensors.torch import load_file

    out: list[str] = []
    files = sorted(p.name for p in a.glob("*.safetensors"))
    if files != sorted(p.name for p in b.glob("*.safetensors")):
        return [f"files {files}"]
    for file in files:
        x, y = load_file(a / file), load_file(b / file)
        if x.keys() != y.keys():
            out.append(f"{file}: other tensors")
            continue
        bad = [k for k in x if x[k].dtype != y[k].dtype or not torch.equal(x[k], y[k])]
        out += [f"{file}: {len(bad)} of {len(x)} tensors"] if bad else []
    if (a / "optimizer.pt").is_file():
        x, y = (torch.load(p / "optimizer.pt", weights_only=True) for p in (a, b))
        if x["param_groups"] != y["param_groups"] or x["state"].keys() != y["state"].keys():
            out.append("optimizer: other groups")
        else:
            bad = [f"{i}.{n}" for i, s in x["state"].items() for n, v in s.items()
                   if not _same(v, y["state"][i][n])]  # fmt: skip
            out += [f"optimizer: {len(bad)} of its state tensors"] if bad else []
        if json.loads((a / "state.json").read_text()) != json.loads((b / "state.json").read_text()):
            out.append("state.json")
    return out


def _same(x: Any, y: Any) -> bool:
    import torch

    return x.dtype == y.dtype and x.shape == y.shape and bool(torch.equal(x, y))


def test_the_cli_killed_after_a_checkpoint_resumes_to_every_checkpoint_of_an_unkilled_run(
    studio: Studio, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    base = shared_sd15(tmp_path_factory.getbasetemp())
    name = processed(studio, tmp_path)
    dataset.build_dataset(studio, name, max_images=3, family="sd15")
    # The same studio, copied before any training: the run never killed trains there
    shutil.copytree(studio.home, tmp_path / "whole" / "studio")

    exe = Path(sys.executable).with_name("aistudio")
    with open(tmp_path / "killed.log", "wb") as log:
        running = subprocess.Popen(
            [str(exe), *_args(name, base)], env=cli_env(tmp_path), cwd=tmp_path,
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 300
        while True:  # poll until the checkpoint of step KILL_AFTER is there, then kill at once
            out = _training_dir(studio.home, name)
            last = latest(out) if out is not None else None
            if last is not None and int(last.name.removeprefix("step-")) >= KILL_AFTER:
                break
            assert running.poll() is None, (tmp_path / "killed.log").read_text()[-3000:]
            assert time.monotonic() < deadline
            time.sleep(0.005)
        running.send_signal(signal.SIGKILL)
        assert running.wait(60) == -signal.SIGKILL
    assert out is not None and not (out / "pytorch_lora_weights.safetensors").exists()

    rerun = aistudio(tmp_path, *_args(name, base), timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    resumed = int(rerun.stdout.split("Resumed from step ")[1].split()[0])
    assert KILL_AFTER <= resumed < STEPS  # later checkpoints were written by the rerun
    whole = aistudio(tmp_path / "whole", *_args(name, base), timeout=600)
    assert whole.returncode == 0, whole.stderr[-3000:]
    assert "Resumed" not in whole.stdout
    ref = _training_dir(tmp_path / "whole" / "studio", name)
    assert ref is not None and ref.name == out.name  # the same training (data, base, options)

    expected = list(range(EVERY, STEPS + 1, EVERY))
    assert steps(out) == steps(ref) == expected  # none pruned: every step is compared
    found = {s: _differences(ref / f"checkpoints/step-{s:06d}", out / f"checkpoints/step-{s:06d}")
             for s in expected}  # fmt: skip
    bad = {s: d for s, d in found.items() if d}
    assert not bad, f"resumed from {resumed}; checkpoints that differ: {bad}"
    assert _differences(ref, out) == []  # the LoRA in diffusers' format
    published = [p / "models" / name / "lora" for p in (tmp_path / "whole/studio", studio.home)]
    assert [sorted(p.name for p in d.glob("*.safetensors")) for d in published] == [
        [f"{name}_v1.safetensors"]
    ] * 2
    assert _differences(*published) == []  # the published file (its metadata aside)
