from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.caption_checks_captions import CaptionChecksCaptions


T = TypeVar("T", bound="CaptionChecks")


@_attrs_define
class CaptionChecks:
    """Each draft's problems and length, by image name.

    Attributes:
        captions (CaptionChecksCaptions):
    """

    captions: CaptionChecksCaptions
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        captions = self.captions.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "captions": captions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.caption_checks_captions import CaptionChecksCaptions  # noqa: PLC0415

        d = dict(src_dict)
        captions = CaptionChecksCaptions.from_dict(d.pop("captions"))

        caption_checks = cls(
            captions=captions,
        )

        caption_checks.additional_properties = d
        return caption_checks

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
