from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dataset_options import DatasetOptions


T = TypeVar("T", bound="DatasetDryRun")


@_attrs_define
class DatasetDryRun:
    """What a build would use; nothing was scored or started.

    Attributes:
        candidates (int): Images the build would score and choose from
        holdout (list[str]): Source photos kept out as identity references
        options (DatasetOptions): What a dataset build chooses; None: the model's own setting.
        results (int): Accepted results among the candidates
        sources (int): Source photos among the candidates
        dry_run (bool | Unset):  Default: True.
    """

    candidates: int
    holdout: list[str]
    options: DatasetOptions
    results: int
    sources: int
    dry_run: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        candidates = self.candidates

        holdout = self.holdout

        options = self.options.to_dict()

        results = self.results

        sources = self.sources

        dry_run = self.dry_run

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "candidates": candidates,
                "holdout": holdout,
                "options": options,
                "results": results,
                "sources": sources,
            }
        )
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dataset_options import DatasetOptions  # noqa: PLC0415

        d = dict(src_dict)
        candidates = d.pop("candidates")

        holdout = cast(list[str], d.pop("holdout"))

        options = DatasetOptions.from_dict(d.pop("options"))

        results = d.pop("results")

        sources = d.pop("sources")

        dry_run = d.pop("dry_run", UNSET)

        dataset_dry_run = cls(
            candidates=candidates,
            holdout=holdout,
            options=options,
            results=results,
            sources=sources,
            dry_run=dry_run,
        )

        dataset_dry_run.additional_properties = d
        return dataset_dry_run

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
