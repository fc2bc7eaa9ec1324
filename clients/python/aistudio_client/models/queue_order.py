from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="QueueOrder")


@_attrs_define
class QueueOrder:
    """Waiting jobs in the order wanted; they swap among the places they hold now.

    Attributes:
        jobs (list[str]):
    """

    jobs: list[str]

    def to_dict(self) -> dict[str, Any]:
        jobs = self.jobs

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "jobs": jobs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        jobs = cast(list[str], d.pop("jobs"))

        queue_order = cls(
            jobs=jobs,
        )

        return queue_order
