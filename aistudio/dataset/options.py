"""A dataset build's options, declared once: `aistudio dataset build`, the build-dataset flow's
run form and the API read these fields and their descriptions."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from aistudio.core.families import FAMILIES, Family


class DatasetOptions(BaseModel):
    """What a dataset build chooses; None: the model's own setting."""

    model_config = ConfigDict(extra="forbid")

    max_images: int | None = Field(
        default=None, ge=1, description="Images at most (default: the model's, 40)"
    )
    family: Family | None = Field(
        default=None,
        description="Base family the crops are for: " + ", ".join(FAMILIES) + " (default: the "
        "model's config, zimage for a new model)",
    )
    include_sources: bool = Field(
        default=False, description="Also train on source photos (a few stay held out)"
    )
