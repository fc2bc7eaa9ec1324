"""Caption a dataset version: the same images, new captions, written as a new version."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel

from aistudio.captions.derive import derive_version, items_of, version_row
from aistudio.captions.tagger import TagInput, tags
from aistudio.captions.template import Caption, compose
from aistudio.captions.tokens import LIMITS, count_tokens
from aistudio.core.config import Captioner
from aistudio.dataset.crops import Crop
from aistudio.dataset.steps import allows_explicit
from aistudio.dataset.versions import DatasetInfo, show_dataset
from aistudio.dataset.writer import kohya_dir
from aistudio.db.tables import DatasetItem
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


def caption_dataset(
    studio: Studio, model: str, version: int | None = None, captioner: Captioner | None = None
) -> DatasetInfo:
    """Caption every image of a version (default: the newest) and write the result as a new,
    unreviewed version; the same captions give back the version that already has them."""
    config = studio.config(model)
    rules = config.captions
    name = captioner or rules.captioner
    parent = version_row(studio, model, version)
    explicit = allows_explicit(studio, model)
    folder = studio.home / parent.path / "imagefolder"
    made: list[tuple[DatasetItem, Caption]] = []
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
        caption = compose(
            config.trigger,
            config.class_word,
            tags(tagged, allow_explicit=explicit),
            rules,
            parent.family,
        )
        for warning in caption.warnings:
            logger.warning("%s %s: %s", model, item.image, warning)
        made.append((item, caption))
    return derive_version(
        studio,
        model,
        parent,
        {i.image or "": c.text for i, c in made},
        source=name,
        author=name,
    )


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
