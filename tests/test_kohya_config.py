"""A dataset version as kohya's sd-scripts reads it through its dataset.toml: found wherever the
version lies, and every crop trained at its own size (tests/fakes/kohya.py restates sd-scripts)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from aistudio.core.families import FAMILIES, Family
from aistudio.dataset.crops import RESOLUTION, STEP, buckets, budget
from aistudio.dataset.writer import Entry, write_folder
from tests.fakes import kohya
from tests.fakes.photos import write_jpeg


def version(dest: Path, family: Family, tmp_path: Path) -> Path:
    """A version of one image per bucket of the family, written as a build writes it."""
    entries = []
    for i, (w, h) in enumerate(buckets(family), 1):
        image = np.full((h, w, 3), 40 * i % 255, np.uint8)
        jpeg = write_jpeg(tmp_path / "src" / f"{family}-{i}.jpg", image).read_bytes()
        entries.append(Entry(f"{i:03d}.jpg", jpeg, f"a photo of andie, person {i}", (w, h)))
    write_folder(dest, entries, trigger="andie", class_word="person",
                 resolution=RESOLUTION[family], manifest={})  # fmt: skip
    return dest


def test_a_version_moved_to_another_folder_still_trains_from_its_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = version(tmp_path / "studio/models/andie/datasets/v1", "sd15", tmp_path)
    moved = tmp_path / "elsewhere" / "andie-v1"
    shutil.copytree(first, moved)  # synced to another machine, or unzipped there
    shutil.rmtree(first)
    toml = moved / "kohya" / "dataset.toml"
    monkeypatch.chdir(toml.parent)  # where the command the file gives runs sd-scripts
    found = kohya.read(toml)
    assert [Path(f.path).name for f in found] == [f"{i:03d}.jpg" for i in range(1, 6)]
    assert all((toml.parent / f.path).resolve().is_relative_to(moved) for f in found)
    # Each image has its own .txt caption (not the class tokens kohya falls back to).
    assert [f.caption for f in found] == [f"a photo of andie, person {i}" for i in range(1, 6)]
    text = toml.read_text()
    assert "#   cd <this folder>\n" in text and "--dataset_config dataset.toml" in text


@pytest.mark.parametrize("family", FAMILIES)
def test_every_crop_fits_the_familys_pixel_budget_in_steps(family: Family) -> None:
    side = RESOLUTION[family]
    assert budget(family) == side * side
    for w, h in buckets(family):
        assert w * h <= side * side, (family, w, h)
        assert w % STEP == 0 and h % STEP == 0, (family, w, h)
    assert (side, side) in buckets(family)
    # One of each orientation: a landscape bucket for each portrait one.
    assert {(h, w) for w, h in buckets(family)} == set(buckets(family))


@pytest.mark.parametrize("family", FAMILIES)
def test_sd_scripts_trains_every_crop_in_a_bucket_of_its_own_size(
    family: Family, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = version(tmp_path / "v1", family, tmp_path)
    toml = root / "kohya" / "dataset.toml"
    monkeypatch.chdir(toml.parent)
    found = kohya.read(toml)
    assert sorted(f.size for f in found) == sorted(buckets(family))
    for f in found:
        # bucket == size: not cut; resized == size: neither shrunk nor enlarged.
        assert (f.bucket, f.resized) == (f.size, f.size), (family, f)
    text = toml.read_text()
    high = max(max(b) for b in buckets(family))
    assert f"max_bucket_reso = {high}\n" in text and f"resolution = {RESOLUTION[family]}\n" in text
