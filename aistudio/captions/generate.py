"""Caption a dataset version: the same images, new captions, written as a new version."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel

from aistudio.captions.derive import derive_version
from aistudio.captions.tagger import TagInput, tags
from aistudio.captions.template import compose
from aistudio.captions.tokens import LIMITS, count_tokens
from aistudio.captions.vlm import get_captioner, source_of
from aistudio.core.config import Captioner
from aistudio.dataset.crops import Crop
from aistudio.dataset.steps import Progress, allows_explicit
from aistudio.dataset.versions import DatasetInfo, items_of, show_dataset, version_row
from aistudio.dataset.writer import kohya_dir
from aistudio.db.tables import DatasetItem, DatasetVersion
from aistudio.media.images import load_stored_image
from aistudio.studio import Studio

logger = logging.getLogger(__name__)


class Coverage(BaseModel):
    """What a person checks before training: missing, over-long or trigger-less captions."""

    images: int
    missing: list[str]  # images without a caption
    over_length: list[str]
    no_trigger: list[str]
    tag_frequency: dict[str, dict[str, int]]  # kohya's ss_tag_frequency: {folder: {tag: n}}


def _crop_box(box: Sequence[float], crop: Crop) -> tuple[float, float, float, float]:
    """A face box in the candidate's pixels, moved into the cropped, resized image's."""
    sx, sy = crop.bucket[0] / crop.w, crop.bucket[1] / crop.h
    x, y, w, h = box
    return ((x - crop.x) * sx, (y - crop.y) * sy, w * sx, h * sy)


def _tag_inputs(studio: Studio, parent: DatasetVersion) -> list[tuple[DatasetItem, TagInput]]:
    """Each captionable image of a version with what the studio measured of it."""
    folder = studio.home / parent.path / "imagefolder"
    out = []
    for item in items_of(studio, parent):
        if not item.included or not item.image or not item.crop_json:
            continue
        image, _ = load_stored_image(folder / item.image, 400_000_000)
        scores = json.loads(item.scores_json)
        crop = Crop.from_list(json.loads(item.crop_json))
        box = scores.get("face_box")
        tagged = TagInput(
            image=image,
            face=_crop_box(box, crop) if box else None,
            yaw=scores.get("yaw"),
            pitch=scores.get("pitch"),
            labels=scores.get("labels") or [],
        )
        out.append((item, tagged))
    return out


def describe(
    studio: Studio,
    name: Captioner,
    inputs: Sequence[TagInput],
    *,
    allow_explicit: bool,
    progress: Progress | None = None,
) -> list[list[str]]:
    """The description parts of each image from the named captioner, in batches."""
    if name == "tagger":
        return [tags(i, allow_explicit=allow_explicit) for i in inputs]
    settings = studio.settings
    model = get_captioner(name, source_of(settings, name), settings.torch_device)
    out: list[list[str]] = []
    step = settings.caption_batch
    for start in range(0, len(inputs), step):
        batch = inputs[start : start + step]
        out += [[text] for text in model.describe([i.image for i in batch])]
        if progress:
            progress(len(out), len(inputs))
    return out


def caption_dataset(
    studio: Studio,
    model: str,
    version: int | None = None,
    captioner: Captioner | None = None,
    progress: Progress | None = None,
) -> DatasetInfo:
    """Caption every image of a version (default: the newest) and write the result as a new,
    unreviewed version; the same captions give back the version that already has them."""
    config = studio.config(model)
    rules = config.captions
    name = captioner or rules.captioner
    parent = version_row(studio, model, version)
    inputs = _tag_inputs(studio, parent)
    parts = describe(
        studio,
        name,
        [i for _, i in inputs],
        allow_explicit=allows_explicit(studio, model),
        progress=progress,
    )
    made: dict[str, str] = {}
    for (item, _), described in zip(inputs, parts, strict=True):
        caption = compose(config.trigger, config.class_word, described, rules, parent.family)
        for warning in caption.warnings:
            logger.warning("%s %s: %s", model, item.image, warning)
        made[item.image or ""] = caption.text
    return derive_version(studio, model, parent, made, source=name, author=name)


def coverage(studio: Studio, model: str, version: int | None = None) -> Coverage:
    """Caption coverage and kohya's tag frequency of a version."""
    config = studio.config(model)
    info = show_dataset(studio, model, version)
    limit = LIMITS.get(info.family, LIMITS["sdxl"])

    freq: Counter[str] = Counter()
    missing, long, untriggered = [], [], []
    for item in info.included:
        image, text = str(item["image"]), str(item.get("caption") or "")
        if not text.strip():
            missing.append(image)
            continue
        if count_tokens(text, info.family)[0] > limit:
            long.append(image)
        if config.trigger not in text.split(", ")[0].split():
            untriggered.append(image)
        freq.update(t.strip() for t in text.split(",") if t.strip())
    folder = kohya_dir(config.trigger, config.class_word, len(info.included))
    return Coverage(
        images=len(info.included),
        missing=missing,
        over_length=long,
        no_trigger=untriggered,
        tag_frequency={folder: dict(freq.most_common())},
    )
