"""examples/train_persona.py against `aistudio serve`, as a user runs it: the generated client
over the HTTP API, the local engine, a tiny SD 1.5 base built from config for the training."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import numpy as np
import pytest

from tests.conftest import REPO
from tests.e2e.conftest import Serve, serve_env, user_key
from tests.fakes.photos import photo_set, training_photos, write_jpeg
from tests.fakes.sd import draw, tiny_sd15

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TRAIN = '{"rank": 4, "steps": 2, "resolution": 32, "checkpoint_every": 2, "samples": 1}'


def test_the_example_goes_from_photos_to_a_lora_that_loads_into_diffusers(
    tmp_path: Path, serve_factory: list[Serve]
) -> None:
    # One source swapped onto 6 truly different targets: enough for a dataset version.
    sources = photo_set(tmp_path / "faces", "face", 1)
    targets = [
        write_jpeg(tmp_path / "targets" / f"{k}.jpg", img)
        for k, img in list(training_photos().items())[:6]
    ]
    release = tmp_path / "release.pdf"
    release.write_bytes(b"%PDF-1.4\n% signed by Andie Example\n")
    base = tiny_sd15(tmp_path / "tiny-sd15")
    env = serve_env(tmp_path, AISTUDIO_ALLOWED_BASES=f"tiny={base}")
    serve = Serve(tmp_path, env)
    serve_factory.append(serve)
    serve.wait_ready(timeout=180)
    key = user_key(env, tmp_path)
    lora = tmp_path / "andie.safetensors"
    env_of_script = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AISTUDIO_", "PREFECT_"))},
        "AISTUDIO_API_URL": serve.url,
        "AISTUDIO_API_KEY": key,
        "PYTHONPATH": str(REPO / "clients" / "python"),  # as `pip install ./clients/python`
    }

    run = subprocess.run(
        [
            sys.executable, str(REPO / "examples" / "train_persona.py"), "andie",
            "--sources", *map(str, sources), "--targets", *map(str, targets),
            "--release", str(release), "--subject", "Andie Example",
            "--family", "sd15", "--dataset-options", '{"include_sources": true}',
            "--base", "tiny", "--params", TRAIN, "--format", "diffusers", "--out", str(lora),
        ],
        cwd=tmp_path,
        env=env_of_script,
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    out = run.stdout
    print(out)  # the progress lines a user sees
    assert run.returncode == 0, out + run.stderr + "\n--- serve ---\n" + "\n".join(serve.lines)
    assert "consent recorded: real-person, sfw" in out
    assert out.count(": imported") == 7  # 1 source and 6 targets
    assert "pairs 6/6" in out and "6 done, 0 rejected, 0 failed" in out
    assert "dataset v1 built" in out
    assert "captions of dataset v2 approved" in out  # v2: the captioned version
    assert "step 2/2 loss" in out and "checkpoint at step 2: 2 samples" in out
    assert "LoRA v1 trained" in out and f"LoRA v1 saved to {lora}" in out
    assert out.count("  succeeded") == 4  # processing, dataset, captions, training

    again = subprocess.run(
        [sys.executable, str(REPO / "examples" / "train_persona.py"), "andie", "--sources",
         str(sources[0]), "--targets", str(targets[0]), "--release", str(release), "--subject",
         "Andie Example"],
        cwd=tmp_path, env=env_of_script, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert again.returncode == 1 and again.stdout == ""  # refused before anything changed
    assert again.stderr.startswith("error: ") and "andie" in again.stderr
    assert "(409)" in again.stderr

    auth = {"Authorization": f"Bearer {key}"}
    results = httpx.get(f"{serve.url}/api/v1/models/andie/results", headers=auth).json()
    assert sorted(r["status"] for r in results["items"]) == ["done"] * 6
    # The file it downloaded loads into a diffusers pipeline of the base, and changes what it draws.
    plain, with_lora = draw("sd15", base), draw("sd15", base, lora)
    assert np.abs(with_lora - plain).max() > 1e-4
