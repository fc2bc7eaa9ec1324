from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="CompareRequest")


@_attrs_define
class CompareRequest:
    """Versions to compare, side by side.

    Attributes:
        versions (list[int]): Two version numbers or more
    """

    versions: list[int]

    def to_dict(self) -> dict[str, Any]:
        versions = self.versions

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "versions": versions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        versions = cast(list[int], d.pop("versions"))

        compare_request = cls(
            versions=versions,
        )

        return compare_request
