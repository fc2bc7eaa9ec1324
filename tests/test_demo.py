"""The README's first command: the offline demo, end to end, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli import aistudio


@pytest.mark.e2e
def test_the_demo_processes_the_model_and_builds_its_dataset(tmp_path: Path) -> None:
    first = aistudio(tmp_path, "demo", timeout=600)
    assert first.returncode == 0, first.stdout + first.stderr
    out = first.stdout
    assert "Complete! 8/8 successful" in out and "Cost: 0 credits" in out
    # Each target was swapped with both sources: one of each such pair is a near-duplicate.
    assert "Training dataset v1: 4 images in, 4 out (4 duplicate)" in out
    folder = tmp_path / "studio/models/demo/datasets/v1"
    flat = out.replace("\n", "")
    assert f"Dataset: {folder}" in flat
    assert f"Contact sheet: {folder}/report/contact-sheet.png" in flat
    assert len(list((folder / "kohya" / "20_astro woman").glob("*.jpg"))) == 4
    shown = json.loads(aistudio(tmp_path, "dataset", "show", "demo", "--json").stdout)
    assert {i["reason"] for i in shown["excluded"]} == {"duplicate"}
    # Again: nothing is redone, and the same content is the same dataset version.
    second = aistudio(tmp_path, "demo", timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "8 already done" in second.stdout and "Training dataset v1:" in second.stdout
    assert not (tmp_path / "studio/models/demo/datasets/v2").exists()
