from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PurgeSummary")


@_attrs_define
class PurgeSummary:
    """What a purge removed.

    Attributes:
        local_files (int): Result files removed here
        remote_objects (int): Objects removed from storage
        removed (int): Folders, files and keys removed in all
    """

    local_files: int
    remote_objects: int
    removed: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        local_files = self.local_files

        remote_objects = self.remote_objects

        removed = self.removed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "local_files": local_files,
                "remote_objects": remote_objects,
                "removed": removed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        local_files = d.pop("local_files")

        remote_objects = d.pop("remote_objects")

        removed = d.pop("removed")

        purge_summary = cls(
            local_files=local_files,
            remote_objects=remote_objects,
            removed=removed,
        )

        purge_summary.additional_properties = d
        return purge_summary

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
