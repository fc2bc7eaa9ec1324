from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lora_file_format import LoraFileFormat, check_lora_file_format

T = TypeVar("T", bound="LoraFile")


@_attrs_define
class LoraFile:
    """A LoRA file: where to download it and what it is.

    Attributes:
        format_ (LoraFileFormat):
        rank (int): Its rank (a rank cap below the trained rank lowers it)
        sha256 (str):
        size (int): Bytes
        step (int): The checkpoint it was made from
        url (str): GET it (a 307 to a presigned S3 URL, or the file itself)
    """

    format_: LoraFileFormat
    rank: int
    sha256: str
    size: int
    step: int
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        format_: str = self.format_

        rank = self.rank

        sha256 = self.sha256

        size = self.size

        step = self.step

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "format": format_,
                "rank": rank,
                "sha256": sha256,
                "size": size,
                "step": step,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        format_ = check_lora_file_format(d.pop("format"))

        rank = d.pop("rank")

        sha256 = d.pop("sha256")

        size = d.pop("size")

        step = d.pop("step")

        url = d.pop("url")

        lora_file = cls(
            format_=format_,
            rank=rank,
            sha256=sha256,
            size=size,
            step=step,
            url=url,
        )

        lora_file.additional_properties = d
        return lora_file

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
