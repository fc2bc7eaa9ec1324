from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.target_upload_category import TargetUploadCategory, check_target_upload_category

T = TypeVar("T", bound="TargetUpload")


@_attrs_define
class TargetUpload:
    """A resumable upload of a target photo, in its category.

    Attributes:
        category (TargetUploadCategory): sfw or nsfw
        filename (str):
        role (Literal['target']):
        size (int): The file's size in bytes
    """

    category: TargetUploadCategory
    filename: str
    role: Literal["target"]
    size: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category: str = self.category

        filename = self.filename

        role = self.role

        size = self.size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "filename": filename,
                "role": role,
                "size": size,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = check_target_upload_category(d.pop("category"))

        filename = d.pop("filename")

        role = cast(Literal["target"], d.pop("role"))
        if role != "target":
            raise ValueError(f"role must match const 'target', got '{role}'")

        size = d.pop("size")

        target_upload = cls(
            category=category,
            filename=filename,
            role=role,
            size=size,
        )

        target_upload.additional_properties = d
        return target_upload

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
