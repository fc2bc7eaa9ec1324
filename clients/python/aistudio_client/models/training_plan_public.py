from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.training_plan_public_params import TrainingPlanPublicParams


T = TypeVar("T", bound="TrainingPlanPublic")


@_attrs_define
class TrainingPlanPublic:
    """A checked training request (a dry run): what it would train; nothing was started.

    Attributes:
        base (str):
        commercial (bool):
        dataset_version (int):
        license_ (str):
        params (TrainingPlanPublicParams): Every TrainParams field, defaults filled in
        dry_run (bool | Unset):  Default: True.
    """

    base: str
    commercial: bool
    dataset_version: int
    license_: str
    params: TrainingPlanPublicParams
    dry_run: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        base = self.base

        commercial = self.commercial

        dataset_version = self.dataset_version

        license_ = self.license_

        params = self.params.to_dict()

        dry_run = self.dry_run

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "base": base,
                "commercial": commercial,
                "dataset_version": dataset_version,
                "license": license_,
                "params": params,
            }
        )
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.training_plan_public_params import TrainingPlanPublicParams  # noqa: PLC0415

        d = dict(src_dict)
        base = d.pop("base")

        commercial = d.pop("commercial")

        dataset_version = d.pop("dataset_version")

        license_ = d.pop("license")

        params = TrainingPlanPublicParams.from_dict(d.pop("params"))

        dry_run = d.pop("dry_run", UNSET)

        training_plan_public = cls(
            base=base,
            commercial=commercial,
            dataset_version=dataset_version,
            license_=license_,
            params=params,
            dry_run=dry_run,
        )

        training_plan_public.additional_properties = d
        return training_plan_public

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
