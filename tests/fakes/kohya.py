"""How kohya's sd-scripts reads a `--dataset_config` toml, restated (not copied) from its source,
only as far as a dataset version depends on it: where image_dir resolves, which caption file an
image gets, and the bucket each image is trained at.

Sources (kohya-ss/sd-scripts, 2026-02): library/config_util.py (the defaults, the fallback from
subset to dataset to [general]), library/train_util.py (DreamBoothDataset: image_dir, captions;
BaseDataset.adjust_min_max_bucket_reso_by_steps; BucketManager.select_bucket) and
library/model_util.py (make_bucket_resolutions)."""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

# config_util.DreamBoothDatasetParams / DreamBoothSubsetParams defaults
DEFAULTS: dict[str, Any] = {
    "enable_bucket": False,
    "min_bucket_reso": 256,
    "max_bucket_reso": 1024,
    "bucket_reso_steps": 64,
    "bucket_no_upscale": False,
    "caption_extension": ".caption",
    "class_tokens": None,
}
# train_util.IMAGE_EXTENSIONS, the common ones
EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".PNG", ".JPG", ".JPEG", ".WEBP", ".BMP")


@dataclass(frozen=True)
class Found:
    """One image sd-scripts would train on: its path as it opens it, size, caption, bucket."""

    path: str
    size: tuple[int, int]
    caption: str
    bucket: tuple[int, int]
    resized: tuple[int, int]  # the size it is scaled to before the bucket's centre crop


def option(name: str, subset: dict[str, Any], ds: dict[str, Any], general: dict[str, Any]) -> Any:
    """A key as the blueprint resolves it: the subset's, else the dataset's, else [general]'s."""
    for level in (subset, ds, general):
        if name in level:
            return level[name]
    return DEFAULTS[name]


def bucket_table(area: int, low: int, high: int, step: int) -> set[tuple[int, int]]:
    """make_bucket_resolutions: the square, then each width from low to high (by step) with the
    tallest multiple of step that keeps within the area (at most high, at least low)."""
    side = int(math.sqrt(area) // step) * step
    table = {(side, side)}
    for w in range(low, high + 1, step):
        h = min(high, area // w // step * step)
        if h >= low:
            table |= {(w, h), (h, w)}
    return table


def select_bucket(
    size: tuple[int, int], table: set[tuple[int, int]]
) -> tuple[tuple[int, int], tuple[int, int]]:
    """BucketManager.select_bucket without bucket_no_upscale: the image's own size when the table
    has it, else the bucket nearest in aspect; the image is scaled to cover the bucket."""
    w, h = size
    aspect = w / h
    ordered = sorted(table)
    bucket = size if size in table else min(ordered, key=lambda b: abs(b[0] / b[1] - aspect))
    scale = bucket[1] / h if aspect > bucket[0] / bucket[1] else bucket[0] / w
    return bucket, (int(w * scale + 0.5), int(h * scale + 0.5))


def select_no_upscale(size: tuple[int, int], area: int, step: int) -> tuple[int, int]:
    """select_bucket with bucket_no_upscale, for images within the area (the only ones here):
    no scaling, the bucket is the size cut down to the step."""
    w, h = size
    assert w * h <= area, "an image over the area: not restated here"
    return (w - w % step, h - h % step)


def read(toml: Path) -> list[Found]:
    """Every image of the config's first dataset, as sd-scripts run from the current folder reads
    it (image_dir is opened as written: relative to the current folder, not the toml's)."""
    config = tomllib.loads(toml.read_text(encoding="utf-8"))
    general = config.get("general", {})
    (ds,) = config["datasets"]
    res = ds.get("resolution", general.get("resolution"))
    width, height = (res, res) if isinstance(res, int) else res
    area = width * height
    found = []
    for subset in ds["subsets"]:
        image_dir = subset["image_dir"]
        if not os.path.isdir(image_dir):  # sd-scripts warns "not directory" and reads nothing
            continue
        paths = sorted({p for ext in EXTENSIONS for p in _glob(image_dir, ext)})
        ext = option("caption_extension", subset, ds, general)
        tokens = option("class_tokens", subset, ds, general)
        for path in paths:
            caption_file = os.path.splitext(path)[0] + ext
            if os.path.isfile(caption_file):
                with open(caption_file, encoding="utf-8") as f:
                    caption = f.readline().strip()
            else:  # a warning, then the class tokens (or an empty caption)
                caption = tokens or ""
            with Image.open(path) as im:
                size = im.size
            found.append(_place(path, size, caption, subset, ds, general, area, (width, height)))
    return found


def _glob(folder: str, ext: str) -> list[str]:
    return [os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(ext)]


def _place(
    path: str,
    size: tuple[int, int],
    caption: str,
    subset: dict[str, Any],
    ds: dict[str, Any],
    general: dict[str, Any],
    area: int,
    resolution: tuple[int, int],
) -> Found:
    """The bucket an image lands in under the dataset's bucket options."""
    if not option("enable_bucket", subset, ds, general):
        return Found(path, size, caption, resolution, select_bucket(size, {resolution})[1])
    step = option("bucket_reso_steps", subset, ds, general)
    low = option("min_bucket_reso", subset, ds, general)
    high = option("max_bucket_reso", subset, ds, general)
    # adjust_min_max_bucket_reso_by_steps: low rounds down, high up; both bound the resolution
    low -= low % step
    high += (step - high % step) % step
    assert min(resolution) >= low and max(resolution) <= high, "sd-scripts refuses this config"
    if option("bucket_no_upscale", subset, ds, general):
        return Found(path, size, caption, select_no_upscale(size, area, step), size)
    bucket, resized = select_bucket(size, bucket_table(area, low, high, step))
    return Found(path, size, caption, bucket, resized)
