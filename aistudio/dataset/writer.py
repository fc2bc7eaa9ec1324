"""A dataset folder that trainers read as it is: kohya's layout and a diffusers imagefolder."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aistudio.core.fs import (
    atomic_write_bytes,
    atomic_write_text,
    clean_stale_temps,
    fsync_dir,
    under,
)
from aistudio.core.naming import validate_word
from aistudio.dataset.crops import STEP


@dataclass(frozen=True)
class Entry:
    """One training image: its file name, JPEG bytes, caption and size (its crop's bucket)."""

    name: str  # 001.jpg
    jpeg: bytes
    caption: str
    size: tuple[int, int]  # width, height


def repeats_for(count: int) -> int:
    """kohya repeats so an epoch is about 200 image views (10 for 20 images, 1 from 200)."""
    return max(1, min(20, round(200 / max(count, 1))))


def kohya_dir(trigger: str, class_word: str, count: int) -> str:
    """kohya reads '<repeats>_<trigger> <class>' as the repeats and the instance prompt."""
    return f"{repeats_for(count)}_{trigger} {class_word}"


def dataset_toml(
    trigger: str, class_word: str, resolution: int, sizes: Sequence[tuple[int, int]]
) -> str:
    """A kohya sd-scripts dataset config for the images (of these sizes) in kohya_dir beside it."""
    # sd-scripts opens image_dir as given, relative to the folder it runs in (not the toml's):
    # the comment says to run it here, so a version still trains once moved, synced or zipped.
    # Captions are .txt: with its default, .caption, it finds none, warns and trains on the
    # class tokens alone. The bucket limits hold every crop, so each is its own bucket (kohya's
    # default max_bucket_reso, 1024, would shrink 1152x896 to 1024x768).
    sides = [side for size in sizes for side in size]
    low = min([resolution, *sides]) // STEP * STEP
    high = -(-max([resolution, *sides]) // STEP) * STEP
    return (
        "# kohya sd-scripts: image_dir is read relative to the folder it runs in, so run it\n"
        "# from this one (the dataset version can then be moved, synced or zipped):\n"
        "#   cd <this folder>\n"
        "#   accelerate launch <sd-scripts>/train_network.py --dataset_config dataset.toml \\\n"
        "#     --pretrained_model_name_or_path <base> --network_module networks.lora \\\n"
        "#     --output_dir <a folder outside the dataset> ...\n"
        "# (sdxl_train_network.py for SDXL, flux_train_network.py for FLUX.1.)\n\n"
        "[general]\n"
        'caption_extension = ".txt"\n'
        "shuffle_caption = false\n"
        "keep_tokens = 1\n\n"
        "[[datasets]]\n"
        f"resolution = {resolution}\n"
        "batch_size = 1\n"
        "enable_bucket = true\n"
        "bucket_no_upscale = false\n"
        f"min_bucket_reso = {low}\n"
        f"max_bucket_reso = {high}\n"
        f"bucket_reso_steps = {STEP}\n\n"
        "  [[datasets.subsets]]\n"
        f"  image_dir = {_toml_string(kohya_dir(trigger, class_word, len(sizes)))}\n"
        f"  class_tokens = {_toml_string(f'{trigger} {class_word}')}\n"
        f"  num_repeats = {repeats_for(len(sizes))}\n"
    )


def _toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes, without \\u surrogate pairs TOML refuses."""
    return json.dumps(text, ensure_ascii=False)


def write_folder(
    dest: Path,
    entries: Sequence[Entry],
    *,
    trigger: str,
    class_word: str,
    resolution: int,
    manifest: dict[str, object],
    extra: dict[str, bytes] | None = None,
) -> None:
    """Write the whole folder beside dest and move it into place: never half a dataset."""
    # The words name a folder: checked again here, whoever called, and (below) the folder
    # must stay inside the dataset's own.
    validate_word(trigger, "trigger")
    validate_word(class_word, "class_word")
    dest.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(dest.parent)  # what a killed build left (a dead pid, untouched for long)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.{os.getpid()}-", dir=dest.parent))
    try:
        sub = kohya_dir(trigger, class_word, len(entries))
        kohya = under(tmp / "kohya", sub)
        folder = tmp / "imagefolder"
        kohya.mkdir(parents=True)
        folder.mkdir()
        lines = []
        for e in entries:
            atomic_write_bytes(under(kohya, e.name), e.jpeg)
            atomic_write_text((kohya / e.name).with_suffix(".txt"), e.caption + "\n")
            # One copy on disk: the imagefolder links to the same bytes where it can.
            try:
                os.link(kohya / e.name, folder / e.name)
            except OSError:
                shutil.copyfile(kohya / e.name, folder / e.name)
            lines.append(json.dumps({"file_name": e.name, "text": e.caption}))
        atomic_write_text(folder / "metadata.jsonl", "\n".join(lines) + "\n")
        atomic_write_text(
            tmp / "kohya" / "dataset.toml",
            dataset_toml(trigger, class_word, resolution, [e.size for e in entries]),
        )
        atomic_write_text(tmp / "dataset.json", json.dumps(manifest, indent=2) + "\n")
        for rel, data in (extra or {}).items():  # the report: a contact sheet, histograms
            target = under(tmp, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, data)
        if dest.exists():
            _swap_in(tmp, dest)
        else:
            os.replace(tmp, dest)
            fsync_dir(dest.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap_in(tmp: Path, dest: Path) -> None:
    """Replace an existing (incomplete or stale) folder of the same version."""
    old = dest.with_name(f".{dest.name}.{os.getpid()}-old")
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(old)
    os.replace(dest, old)
    os.replace(tmp, dest)
    fsync_dir(dest.parent)  # the new folder's name is on disk before the old one goes
    shutil.rmtree(old, ignore_errors=True)
