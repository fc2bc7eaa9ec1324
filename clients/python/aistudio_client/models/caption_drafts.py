from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.caption_drafts_captions import CaptionDraftsCaptions


T = TypeVar("T", bound="CaptionDrafts")


@_attrs_define
class CaptionDrafts:
    """Draft captions by image name, to check before saving (nothing is written).

    Attributes:
        captions (CaptionDraftsCaptions): image (001.jpg) -> its draft caption
    """

    captions: CaptionDraftsCaptions

    def to_dict(self) -> dict[str, Any]:
        captions = self.captions.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "captions": captions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.caption_drafts_captions import CaptionDraftsCaptions  # noqa: PLC0415

        d = dict(src_dict)
        captions = CaptionDraftsCaptions.from_dict(d.pop("captions"))

        caption_drafts = cls(
            captions=captions,
        )

        return caption_drafts
