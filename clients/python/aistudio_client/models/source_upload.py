from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SourceUpload")


@_attrs_define
class SourceUpload:
    """A resumable upload of a source photo.

    Attributes:
        filename (str):
        role (Literal['source']):
        size (int): The file's size in bytes
    """

    filename: str
    role: Literal["source"]
    size: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        filename = self.filename

        role = self.role

        size = self.size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "filename": filename,
                "role": role,
                "size": size,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        filename = d.pop("filename")

        role = cast(Literal["source"], d.pop("role"))
        if role != "source":
            raise ValueError(f"role must match const 'source', got '{role}'")

        size = d.pop("size")

        source_upload = cls(
            filename=filename,
            role=role,
            size=size,
        )

        source_upload.additional_properties = d
        return source_upload

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
