from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.caption_edits_captions import CaptionEditsCaptions


T = TypeVar("T", bound="CaptionEdits")


@_attrs_define
class CaptionEdits:
    """Edited captions by image name; they become a new version (approved when asked).

    Attributes:
        captions (CaptionEditsCaptions): image (001.jpg) -> its new caption
        approve (bool | Unset): Approve the new version too Default: False.
    """

    captions: CaptionEditsCaptions
    approve: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        captions = self.captions.to_dict()

        approve = self.approve

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "captions": captions,
            }
        )
        if approve is not UNSET:
            field_dict["approve"] = approve

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.caption_edits_captions import CaptionEditsCaptions  # noqa: PLC0415

        d = dict(src_dict)
        captions = CaptionEditsCaptions.from_dict(d.pop("captions"))

        approve = d.pop("approve", UNSET)

        caption_edits = cls(
            captions=captions,
            approve=approve,
        )

        return caption_edits
