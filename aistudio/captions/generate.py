"""Caption a dataset version: the same images, new captions, written as a new version."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel
from sqlmodel import col, select

from aistudio.captions.tagger import TagInput, tags
from aistudio.captions.template import Caption, compose
from aistudio.captions.tokens import LIMITS, count_tokens
from aistudio.core.config import Captioner
from aistudio.dataset.crops import Crop
from aistudio.dataset.steps import allows_explicit, content_hash
from aistudio.dataset.versions import DatasetInfo, find_by_hash, next_number, show_dataset
from aistudio.dataset.writer import Entry, kohya_dir, write_folder
from aistudio.db import queries
from aistudio.db.tables import DatasetItem, DatasetVersion
from aistudio.media.images import load_stored_image
from aistudio.studio import Studio

logger = logging.getLogger(__name__)
RESOLUTION = {"sd15": 512, "sdxl": 1024, "flux": 1024}
REPORT = ("report/contact-sheet.png", "report/histograms.png")


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


def _items(studio: Studio, row: DatasetVersion) -> list[DatasetItem]:
    with studio.read() as session:
        return list(
            session.exec(
                select(DatasetItem)
                .where(DatasetItem.version_id == row.id)
                .order_by(col(DatasetItem.id))
            ).all()
        )


def _version(studio: Studio, model: str, version: int | None) -> DatasetVersion:
    info = show_dataset(studio, model, version)  # the clear errors for a missing version
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=model)
        row = session.exec(
            select(DatasetVersion).where(
                DatasetVersion.model_id == model_id, DatasetVersion.number == info.version
            )
        ).one()
    return row


def caption_dataset(
    studio: Studio, model: str, version: int | None = None, captioner: Captioner | None = None
) -> DatasetInfo:
    """Caption every image of a version (default: the newest) and write the result as a new,
    unreviewed version; the same captions give back the version that already has them."""
    config = studio.config(model)
    rules = config.captions
    name = captioner or rules.captioner
    parent = _version(studio, model, version)
    explicit = allows_explicit(studio, model)
    folder = studio.home / parent.path / "imagefolder"
    made: list[tuple[DatasetItem, bytes, Caption]] = []
    for item in _items(studio, parent):
        if not item.included or not item.image or not item.crop_json:
            continue
        jpeg = (folder / item.image).read_bytes()
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
        made.append((item, jpeg, caption))
    digest = content_hash(
        parent.family,
        [(i.sha256, Crop.from_list(json.loads(i.crop_json or "[]")), c.text) for i, _, c in made],
    )
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=model)
    existing = find_by_hash(studio, model_id, digest)
    if existing is not None and (studio.home / existing.path / "dataset.json").is_file():
        return show_dataset(studio, model, existing.number)
    number = existing.number if existing else next_number(studio, model_id)
    dest = studio.paths(model).dataset_dir(number)
    extra = {
        rel: (studio.home / parent.path / rel).read_bytes()
        for rel in REPORT
        if (studio.home / parent.path / rel).is_file()
    }
    write_folder(
        dest,
        [Entry(i.image or "", jpeg, c.text) for i, jpeg, c in made],
        trigger=config.trigger,
        class_word=config.class_word,
        resolution=RESOLUTION.get(parent.family, 1024),
        manifest={
            "model": model,
            "version": number,
            "hash": digest,
            "family": parent.family,
            "trigger": config.trigger,
            "captioned_from": parent.number,
            "captioner": name,
            "reviewed": False,
            "images": [i.image for i, _, _ in made],
        },
        extra=extra,
    )
    if existing is None:
        _record(studio, parent, number, digest, studio.paths(model).rel(dest), made, name)
    info = show_dataset(studio, model, number)
    info.new = existing is None
    return info


def _record(
    studio: Studio,
    parent: DatasetVersion,
    number: int,
    digest: str,
    path: str,
    made: Sequence[tuple[DatasetItem, bytes, Caption]],
    captioner: str,
) -> None:
    """The new version and its items (the parent's, captions replaced; exclusions kept)."""
    settings = json.loads(parent.settings_json)
    settings.update(captioned_from=parent.number, captioner=captioner, reviewed=False)
    captions = {i.id: c.text for i, _, c in made}
    items = _items(studio, parent)
    with studio.session() as session:
        row = DatasetVersion(
            model_id=parent.model_id,
            number=number,
            content_hash=digest,
            path=path,
            family=parent.family,
            settings_json=json.dumps(settings),
            holdout_json=parent.holdout_json,
            included=len(made),
            excluded=parent.excluded,
        )
        session.add(row)
        session.flush()
        for item in items:
            session.add(
                DatasetItem(
                    version_id=row.id or 0,
                    file=item.file,
                    sha256=item.sha256,
                    included=item.included,
                    reason=item.reason,
                    detail=item.detail,
                    scores_json=item.scores_json,
                    image=item.image,
                    crop_json=item.crop_json,
                    caption=captions.get(item.id, item.caption),
                )
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
