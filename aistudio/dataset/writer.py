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

from aistudio.core.fs import atomic_write_bytes, atomic_write_text, under
from aistudio.core.naming import validate_word


@dataclass(frozen=True)
class Entry:
    """One training image: its file name, JPEG bytes and caption."""

    name: str  # 001.jpg
    jpeg: bytes
    caption: str


def repeats_for(count: int) -> int:
    """kohya repeats so an epoch is about 200 image views (10 for 20 images, 1 from 200)."""
    return max(1, min(20, round(200 / max(count, 1))))


def kohya_dir(trigger: str, class_word: str, count: int) -> str:
    """kohya reads '<repeats>_<trigger> <class>' as the repeats and the instance prompt."""
    return f"{repeats_for(count)}_{trigger} {class_word}"


def dataset_toml(subdir: str, resolution: int, count: int) -> str:
    """A kohya dataset config: captions are .txt (its default, .caption, skips them silently)."""
    return (
        "[general]\n"
        'caption_extension = ".txt"\n'
        "shuffle_caption = false\n"
        "keep_tokens = 1\n\n"
        "[[datasets]]\n"
        f"resolution = {resolution}\n"
        "batch_size = 1\n"
        "enable_bucket = true\n\n"
        "  [[datasets.subsets]]\n"
        f"  image_dir = {json.dumps(subdir)}\n"
        f"  num_repeats = {repeats_for(count)}\n"
    )


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
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
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
            dataset_toml(str((dest / "kohya" / sub).resolve()), resolution, len(entries)),
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
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap_in(tmp: Path, dest: Path) -> None:
    """Replace an existing (incomplete or stale) folder of the same version."""
    old = dest.with_name(f".{dest.name}.old")
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(old)
    os.replace(dest, old)
    os.replace(tmp, dest)
    shutil.rmtree(old, ignore_errors=True)
