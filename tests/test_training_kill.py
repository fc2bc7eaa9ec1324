"""A training killed with SIGKILL, at any moment (mid-save included), resumes from its last
complete checkpoint, and after several kills ends with the weights of a run never killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from aistudio.training import train
from aistudio.training.checkpoint import latest, steps
from tests.conftest import REPO
from tests.fakes.sd import shared_sd15
from tests.fakes.training import PARAMS, tiny_dataset

pytestmark = pytest.mark.slow
KILLABLE = PARAMS.model_copy(update={"steps": 10})

# The child trains; KILL_AT makes it SIGKILL itself inside the save of step 4: "tmp" once the
# temporary folder is written (before its rename), "pointer" once the folder is renamed into
# place (before `latest` points at it); "prune" inside the deletion of step 2, which the save
# of step 8 prunes (the last 3 are kept). Without it the parent kills it.
CHILD = """
import os, signal, sys
from pathlib import Path
from aistudio.training import TrainParams, train, checkpoint

base, data, out, params, where = sys.argv[1:6]
real_replace, real_write = checkpoint.os.replace, checkpoint.atomic_write_text
real_rmtree = checkpoint.shutil.rmtree

def replace(src, dst):
    if where == "tmp" and str(dst).endswith("step-000004"):
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)

def write(path, text, mode=None):
    if where == "pointer" and text.startswith("step-000004"):
        os.kill(os.getpid(), signal.SIGKILL)
    real_write(path, text, mode)

def rmtree(path, *args, **kwargs):
    if where == "prune" and Path(path).name.startswith(".old-step-000002"):
        os.kill(os.getpid(), signal.SIGKILL)
    real_rmtree(path, *args, **kwargs)

checkpoint.os.replace, checkpoint.atomic_write_text = replace, write
checkpoint.shutil.rmtree = rmtree
train(base, Path(data), Path(out), TrainParams.model_validate_json(params), device="cpu")
"""


def _child(base: str, data: Path, out: Path, where: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-c", CHILD, base, str(data), str(out), KILLABLE.model_dump_json()]
    return subprocess.Popen([*args, where], env=env, stderr=subprocess.PIPE)


def test_killed_at_any_moment_a_training_resumes_to_the_same_weights(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    from safetensors.torch import load_file

    base = str(shared_sd15(tmp_path_factory.getbasetemp()))
    data = tiny_dataset(tmp_path / "dataset")
    out = tmp_path / "killed"
    points = tmp_path / "killed/checkpoints"

    mid_save = _child(base, data, out, "tmp")
    assert mid_save.wait(300) == -signal.SIGKILL
    assert latest(out) == points / "step-000002" and list(points.glob(".tmp-step-000004-*"))

    renamed = _child(base, data, out, "pointer")
    assert renamed.wait(300) == -signal.SIGKILL
    assert not list(points.glob(".tmp-*"))  # the killed save's leftovers were cleared
    assert (points / "step-000004/state.json").is_file()  # complete, but not yet pointed at
    assert latest(out) == points / "step-000002"

    running = _child(base, data, out, "")
    deadline = time.monotonic() + 300
    while latest(out) != points / "step-000006":
        assert running.poll() is None, running.stderr.read() if running.stderr else ""
        assert time.monotonic() < deadline
        time.sleep(0.01)
    running.send_signal(signal.SIGKILL)  # from outside, while it trains step 7 or 8
    assert running.wait(60) == -signal.SIGKILL

    rest = train(base, data, out, KILLABLE, device="cpu")
    assert rest.steps == 10 and rest.resumed_from in (6, 8)
    whole = train(base, data, tmp_path / "whole", KILLABLE, device="cpu")
    a, b = load_file(whole.path), load_file(rest.path)
    assert a.keys() == b.keys() and all(np.array_equal(a[k].numpy(), b[k].numpy()) for k in a)
    assert rest.losses == whole.losses[rest.resumed_from :]


def test_a_training_killed_while_pruning_resumes_from_its_newest_checkpoint(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    base = str(shared_sd15(tmp_path_factory.getbasetemp()))
    data = tiny_dataset(tmp_path / "dataset")
    out = tmp_path / "pruned"
    points = out / "checkpoints"
    pruning = _child(base, data, out, "prune")
    assert pruning.wait(300) == -signal.SIGKILL
    # The new checkpoint was in place and pointed at before the old one was touched
    assert latest(out) == points / "step-000008" and steps(out) == [4, 6, 8]
    assert list(points.glob(".old-step-000002-*"))  # set aside, its deletion cut short
    rest = train(base, data, out, KILLABLE, device="cpu")
    assert (rest.steps, rest.resumed_from) == (10, 8)
    assert steps(out) == [6, 8, 10] and not list(points.glob(".*"))
