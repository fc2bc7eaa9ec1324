"""Datasets and captions over the API: the caller's versions, their public views, and the
build and caption jobs (the flows the CLI's menu and the Prefect UI run)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import Path as PathParam
from fastapi import Request
from sqlmodel import col, select

from aistudio import captions, dataset
from aistudio.api import queue
from aistudio.api.deps import Caller
from aistudio.api.jobs import JobSpec
from aistudio.api.owned import owned_model
from aistudio.api.schemas.datasets import (
    CaptionPublic,
    CaptionsGenerate,
    CaptionsPublic,
    DatasetItemPublic,
    DatasetPublic,
)
from aistudio.core.errors import ConsentError, NotFound
from aistudio.dataset.steps import consent_scopes
from aistudio.db import queries
from aistudio.db.tables import DatasetItem, DatasetVersion, Model
from aistudio.processing.listing import model_file
from aistudio.studio import Studio

BUILD_DEPLOYMENT = "build-dataset/default"
CAPTION_DEPLOYMENT = "caption-dataset/default"
CAPTION_GPU_DEPLOYMENT = "caption-dataset/gpu"  # prefect.yaml: the vision-language models
Version = Annotated[int, PathParam(ge=1, le=1_000_000, description="The version number")]
ImageName = Annotated[
    str, PathParam(pattern=r"^[0-9]{3,5}\.jpg$", description="A training image: 001.jpg")
]


def owned_version(studio: Studio, caller: Caller, name: str, version: int) -> DatasetVersion:
    """The caller's model's dataset version, or NotFound (another user's answers the same)."""
    with studio.read() as session:
        model = owned_model(session, caller, name)
        row = session.exec(
            select(DatasetVersion).where(
                DatasetVersion.model_id == model.id, DatasetVersion.number == version
            )
        ).first()
    if row is None:
        raise NotFound(
            f"model {name!r} has no dataset v{version}; GET /api/v1/models/{name}/datasets "
            "lists its versions"
        )
    return row


def owned_model_row(studio: Studio, caller: Caller, name: str) -> Model:
    """The caller's model (a short read)."""
    with studio.read() as session:
        return owned_model(session, caller, name)


def _served(studio: Studio, name: str, row: DatasetVersion, stored: str, what: str) -> Path:
    """A stored file of the model, refused when its path leads out of the model's folder, or
    while the model's consent is not in force (a download is a share link)."""
    with studio.read() as session:
        consent = queries.current_consent(session, model_id=row.model_id)
    if consent is None or consent.revoked_at is not None:
        raise ConsentError(
            f"consent for model {name!r} is not in force: its dataset images are not served"
        )
    path = model_file(studio, name, stored)
    if not path.is_file():
        raise NotFound(f"dataset v{row.number} has no {what} on this machine")
    return path


def version_file(studio: Studio, name: str, row: DatasetVersion, rel: str) -> Path:
    """A file of a version's folder (see _served for what is refused)."""
    return _served(studio, name, row, f"{row.path}/{rel}", rel)


def candidate_file(studio: Studio, name: str, row: DatasetVersion, index: int) -> Path:
    """The stored photo or result a version's item was cropped from (or left out), by its
    place in the version's listing: the included items, then the excluded, each in order."""
    with studio.read() as session:
        item = session.exec(
            select(DatasetItem)
            .where(DatasetItem.version_id == row.id)
            .order_by(col(DatasetItem.included).desc(), col(DatasetItem.id))
            .offset(index)
            .limit(1)
        ).first()
    if item is None:
        raise NotFound(f"dataset v{row.number} has no candidate {index}")
    return _served(studio, name, row, item.file, f"candidate {index}")


def _url(request: Request, route: str, **params: object) -> str:
    return str(request.url_for(route, **params).path)


def _folder(request: Request, route: str, **params: object) -> str:
    """The URL of a route's files without the last part (url_for once, not once an item:
    it walks every route, and a version may list thousands of items)."""
    return _url(request, route, **params).rsplit("/", 1)[0]


def _item(images: str, candidates: str, index: int, entry: dict[str, object]) -> DatasetItemPublic:
    image = entry.get("image")
    empty = dict.fromkeys(("image", "crop", "caption", "reason", "detail"))
    return DatasetItemPublic.model_validate(
        {**empty, **entry, "included": image is not None,
         "image_url": f"{images}/{image}" if image else None,
         "candidate_url": f"{candidates}/{index}"}
    )  # fmt: skip


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def dataset_public(request: Request, info: dataset.DatasetInfo) -> DatasetPublic:
    """A version's public view: every item with its image URL, and the contact sheet's URL."""
    name, version = info.model, info.version
    images = _folder(request, "dataset_image", name=name, version=version, image="001.jpg")
    candidates = _folder(request, "dataset_candidate", name=name, version=version, index=0)
    first_out = len(info.included)
    return DatasetPublic(
        model=name,
        version=version,
        hash=info.hash,
        family=info.family,
        holdout=info.holdout,
        captioned_from=info.captioned_from,
        overridden_from=info.overridden_from,
        captioner=info.captioner,
        reviewed_by=info.reviewed_by,
        reviewed_at=_when(info.reviewed_at),
        contact_sheet_url=_url(request, "dataset_contact_sheet", name=name, version=version),
        included=[_item(images, candidates, n, e) for n, e in enumerate(info.included)],
        excluded=[_item(images, candidates, first_out + n, e) for n, e in enumerate(info.excluded)],
    )


def captions_public(request: Request, studio: Studio, name: str, version: int) -> CaptionsPublic:
    """A version's captions with what `aistudio captions show` flags."""
    info = dataset.show_dataset(studio, name, version)
    cov = captions.coverage(studio, name, version)
    return CaptionsPublic(
        model=name,
        version=version,
        captioner=info.captioner,
        reviewed_by=info.reviewed_by,
        reviewed_at=_when(info.reviewed_at),
        items=[
            CaptionPublic(
                image=str(e["image"]),
                caption=str(e["caption"]) if e.get("caption") is not None else None,
                image_url=_url(
                    request, "dataset_image", name=name, version=version, image=e["image"]
                ),
            )
            for e in info.included
        ],
        missing=cov.missing,
        over_length=cov.over_length,
        no_trigger=cov.no_trigger,
        tag_frequency=cov.tag_frequency,
    )


def build_spec(name: str, options: dataset.DatasetOptions) -> JobSpec:
    """The build-dataset flow run a dataset job is."""
    return JobSpec(
        kind="dataset",
        deployment=BUILD_DEPLOYMENT,
        parameters={"model": name, "options": options.model_dump()},
    )


def caption_spec(studio: Studio, name: str, version: int, body: CaptionsGenerate) -> JobSpec:
    """The caption-dataset flow run a captions job is (no pause: approve over the API). The
    tagger runs on the cpu pool; a vision-language model on the gpu pool, in its queue."""
    captioner = body.captioner or studio.config(name).captions.captioner
    on_gpu = captioner != "tagger"
    return JobSpec(
        kind="captions",
        deployment=CAPTION_GPU_DEPLOYMENT if on_gpu else CAPTION_DEPLOYMENT,
        parameters={
            "model": name,
            "dataset_version": version,
            "captioner": body.captioner,
            "review": False,
        },
        pool=queue.GPU if on_gpu else None,
    )


def check_captioning(studio: Studio, name: str) -> None:
    """What captioning refuses before it starts: a bad config.json, no consent in force."""
    studio.config(name)
    consent_scopes(studio, name)
