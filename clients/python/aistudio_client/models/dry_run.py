from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.estimate_public import EstimatePublic


T = TypeVar("T", bound="DryRun")


@_attrs_define
class DryRun:
    """What the job would do; nothing was started.

    Attributes:
        estimate (EstimatePublic): What a job would cost and do, before anything starts.
        dry_run (bool | Unset):  Default: True.
    """

    estimate: EstimatePublic
    dry_run: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        estimate = self.estimate.to_dict()

        dry_run = self.dry_run

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "estimate": estimate,
            }
        )
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.estimate_public import EstimatePublic  # noqa: PLC0415

        d = dict(src_dict)
        estimate = EstimatePublic.from_dict(d.pop("estimate"))

        dry_run = d.pop("dry_run", UNSET)

        dry_run = cls(
            estimate=estimate,
            dry_run=dry_run,
        )

        dry_run.additional_properties = d
        return dry_run

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
