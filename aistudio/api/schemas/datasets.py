"""Dataset versions, their items and overrides; captions, their edits and log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from aistudio.core.config import Captioner
from aistudio.dataset import DatasetOptions
from aistudio.dataset.overrides import Change


class DatasetDryRun(BaseModel):
    """What a build would use; nothing was scored or started."""

    dry_run: Literal[True] = True
    options: DatasetOptions = Field(description="Every option, the model's settings filled in")
    candidates: int = Field(description="Images the build would score and choose from")
    results: int = Field(description="Accepted results among the candidates")
    sources: int = Field(description="Source photos among the candidates")
    holdout: list[str] = Field(description="Source photos kept out as identity references")


class DatasetSummary(BaseModel):
    """One dataset version in a model's list."""

    version: int
    hash: str
    family: str
    included: int
    excluded: int
    captioned_from: int | None = Field(description="The version whose images it captioned")
    overridden_from: int | None = Field(description="The version a person's keep/reject changed")
    captioner: str | None = Field(description="What wrote its captions (null: the template)")
    reviewed_by: str | None = Field(description="Who approved its captions (training needs it)")
    reviewed_at: datetime | None
    created_at: datetime


class DatasetItemPublic(BaseModel):
    """One candidate of a version: in (its training image, crop and caption) or out (why)."""

    file: str = Field(description="The candidate (its stored path): what an override names")
    included: bool
    image: str | None = Field(description="The training image's name (001.jpg) when in")
    image_url: str | None = Field(description="Where the training image downloads from")
    candidate_url: str = Field(
        description="Where the candidate itself (the stored result or photo, uncropped) "
        "downloads from, in or out"
    )
    crop: list[int] | None = Field(description="x, y, width, height in the candidate; bucket")
    caption: str | None
    reason: str | None = Field(description="Why it is out: a rule (blur, duplicate...) or override")
    detail: str | None
    scores: dict[str, Any] = Field(description="What was measured: sharpness, identity, yaw...")
    auto_included: bool | None = Field(
        default=None, description="The automatic choice, when a person overrode it (else null)"
    )
    override_by: str | None = None
    override_reason: str | None = None


class DatasetPublic(BaseModel):
    """A dataset version with every candidate, in or out, and its contact sheet."""

    model: str
    version: int
    hash: str
    family: str
    holdout: list[str]
    captioned_from: int | None
    overridden_from: int | None
    captioner: str | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    contact_sheet_url: str
    included: list[DatasetItemPublic]
    excluded: list[DatasetItemPublic]


class OverrideCreate(BaseModel):
    """A person's keep/reject of single images: the result is a new version."""

    model_config = ConfigDict(extra="forbid")

    changes: list[Change] = Field(min_length=1, max_length=1000)


class CaptionsGenerate(BaseModel):
    """A captioning job over a version: a new, unreviewed version."""

    model_config = ConfigDict(extra="forbid")

    captioner: Captioner | None = Field(
        default=None,
        description="tagger (offline), or a vision-language model a setting names: florence2, "
        "blip, blip2, qwen2.5-vl, joycaption (default: the model's config.json)",
    )


class CaptionPublic(BaseModel):
    """One training image's caption."""

    image: str
    caption: str | None
    image_url: str


class CaptionsPublic(BaseModel):
    """A version's captions and what needs a look before training."""

    model: str
    version: int
    captioner: str | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    items: list[CaptionPublic]
    missing: list[str] = Field(description="Images without a caption")
    over_length: list[str] = Field(description="Captions longer than the text encoder reads")
    no_trigger: list[str] = Field(description="Captions that do not start with the trigger")
    tag_frequency: dict[str, dict[str, int]] = Field(description="kohya's ss_tag_frequency")


class CaptionEdits(BaseModel):
    """Edited captions by image name; they become a new version (approved when asked)."""

    model_config = ConfigDict(extra="forbid")

    captions: dict[str, str] = Field(
        min_length=1, max_length=1000, description="image (001.jpg) -> its new caption"
    )
    approve: bool = Field(default=False, description="Approve the new version too")


class CaptionDrafts(BaseModel):
    """Draft captions by image name, to check before saving (nothing is written)."""

    model_config = ConfigDict(extra="forbid")

    captions: dict[str, str] = Field(
        min_length=1, max_length=1000, description="image (001.jpg) -> its draft caption"
    )


class CaptionProblem(BaseModel):
    """One rule a draft breaks: an edit with it is refused."""

    rule: str = Field(description="image, length, printable, start, trigger or banned")
    message: str


class CaptionCheck(BaseModel):
    """One draft as an edit would find it."""

    problems: list[CaptionProblem] = Field(description="Empty when an edit would take it")
    tokens: int = Field(description="Its length in the text encoder's tokens")
    limit: int = Field(description="What the family's text encoder reads (the rest is cut off)")
    exact: bool = Field(description="Counted with the real tokenizer (else estimated)")


class CaptionChecks(BaseModel):
    """Each draft's problems and length, by image name."""

    captions: dict[str, CaptionCheck]


class CaptionEditPublic(BaseModel):
    """One caption a version was given: who, how (tagger, edit...) and when."""

    id: int
    image: str
    caption: str
    previous: str | None
    source: str
    author: str
    created_at: datetime
