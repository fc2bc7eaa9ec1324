from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.compare_row_metrics import CompareRowMetrics


T = TypeVar("T", bound="CompareRow")


@_attrs_define
class CompareRow:
    """One version's best checkpoint, as the grid's row shows it.

    Attributes:
        best_step (int):
        dataset_version (int):
        metrics (CompareRowMetrics): By name: loss, face_rate (share of samples with a face), identity (cosine to the
            held-out photos), drift, bleed (the person in prompts without the trigger), clip (prompt fidelity); null where
            not measured
        rank (int):
        version (int):
    """

    best_step: int
    dataset_version: int
    metrics: CompareRowMetrics
    rank: int
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        best_step = self.best_step

        dataset_version = self.dataset_version

        metrics = self.metrics.to_dict()

        rank = self.rank

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "best_step": best_step,
                "dataset_version": dataset_version,
                "metrics": metrics,
                "rank": rank,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.compare_row_metrics import CompareRowMetrics  # noqa: PLC0415

        d = dict(src_dict)
        best_step = d.pop("best_step")

        dataset_version = d.pop("dataset_version")

        metrics = CompareRowMetrics.from_dict(d.pop("metrics"))

        rank = d.pop("rank")

        version = d.pop("version")

        compare_row = cls(
            best_step=best_step,
            dataset_version=dataset_version,
            metrics=metrics,
            rank=rank,
            version=version,
        )

        compare_row.additional_properties = d
        return compare_row

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
