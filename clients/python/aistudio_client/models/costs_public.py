from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.run_cost_public import RunCostPublic


T = TypeVar("T", bound="CostsPublic")


@_attrs_define
class CostsPublic:
    """A model's credits per run and in total (what 'aistudio costs' prints).

    Attributes:
        model (str):
        runs (list[RunCostPublic]):
        total_credits (float):
    """

    model: str
    runs: list[RunCostPublic]
    total_credits: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        runs = []
        for runs_item_data in self.runs:
            runs_item = runs_item_data.to_dict()
            runs.append(runs_item)

        total_credits = self.total_credits

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "runs": runs,
                "total_credits": total_credits,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_cost_public import RunCostPublic  # noqa: PLC0415

        d = dict(src_dict)
        model = d.pop("model")

        runs = []
        _runs = d.pop("runs")
        for runs_item_data in _runs:
            runs_item = RunCostPublic.from_dict(runs_item_data)

            runs.append(runs_item)

        total_credits = d.pop("total_credits")

        costs_public = cls(
            model=model,
            runs=runs,
            total_credits=total_credits,
        )

        costs_public.additional_properties = d
        return costs_public

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
