"""Photos of a model, the verdict on each uploaded file, and resumable uploads."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from aistudio.core.naming import Category

Role = Literal["source", "target"]
Verdict = Literal["imported", "duplicate", "rejected"]


class PhotoPublic(BaseModel):
    """An imported photo (the studio's converted copy)."""

    id: int
    role: Role
    category: Category | None
    number: int
    file_name: str = Field(description="The studio's name for it, e.g. andie-t001-sfw.jpg")
    width: int
    height: int
    faces: int = Field(description="Faces detected")
    explicit: bool = Field(description="An exposed-body label: needs the nsfw consent scope")
    identity_flag: bool = Field(description="Sources: looks like a different person; not used")
    created_at: datetime


class FileVerdict(BaseModel):
    """What became of one uploaded file."""

    filename: str = Field(description="The file name the client sent")
    verdict: Verdict
    stored_as: str | None = Field(
        default=None, description="imported: its new name; duplicate: the photo it repeats"
    )
    rule: str | None = Field(default=None, description="rejected: the validation rule")
    detail: str | None = Field(default=None, description="Why, in words")
    faces: int | None = Field(default=None, description="imported: faces detected")
    flagged: str | None = Field(
        default=None, description="imported targets: the explicit content labels found"
    )


class UploadReport(BaseModel):
    """The verdict on every file of an upload, in the order sent."""

    files: list[FileVerdict]
    imported: int
    duplicates: int
    rejected: int


class NewUpload(BaseModel):
    """A resumable upload of one photo: send its bytes next with PATCH /uploads/{id}."""

    filename: str = Field(min_length=1, max_length=255)
    size: int = Field(gt=0, description="The file's size in bytes")


class SourceUpload(NewUpload):
    """A resumable upload of a source photo."""

    role: Literal["source"]


class TargetUpload(NewUpload):
    """A resumable upload of a target photo, in its category."""

    role: Literal["target"]
    category: Category = Field(description="sfw or nsfw")


UploadCreate = Annotated[SourceUpload | TargetUpload, Field(discriminator="role")]


class UploadPublic(BaseModel):
    """A resumable upload: how far it got and, once complete, the verdict."""

    id: str
    filename: str
    size: int
    offset: int = Field(description="Bytes received: the next PATCH's Upload-Offset")
    role: Role
    category: Category | None
    created_at: datetime
    finished_at: datetime | None
    result: FileVerdict | None = Field(default=None, description="Once the last byte arrived")
