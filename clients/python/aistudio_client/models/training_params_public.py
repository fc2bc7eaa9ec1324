from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.family_public import FamilyPublic
    from ..models.training_params_public_params_schema import TrainingParamsPublicParamsSchema


T = TypeVar("T", bound="TrainingParamsPublic")


@_attrs_define
class TrainingParamsPublic:
    """TrainParams as JSON Schema (a form draws itself from it) and each family's defaults.

    Attributes:
        families (list[FamilyPublic]):
        params_schema (TrainingParamsPublicParamsSchema): JSON Schema of `params`
    """

    families: list[FamilyPublic]
    params_schema: TrainingParamsPublicParamsSchema
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        families = []
        for families_item_data in self.families:
            families_item = families_item_data.to_dict()
            families.append(families_item)

        params_schema = self.params_schema.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "families": families,
                "params_schema": params_schema,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.family_public import FamilyPublic  # noqa: PLC0415
        from ..models.training_params_public_params_schema import TrainingParamsPublicParamsSchema  # noqa: PLC0415

        d = dict(src_dict)
        families = []
        _families = d.pop("families")
        for families_item_data in _families:
            families_item = FamilyPublic.from_dict(families_item_data)

            families.append(families_item)

        params_schema = TrainingParamsPublicParamsSchema.from_dict(d.pop("params_schema"))

        training_params_public = cls(
            families=families,
            params_schema=params_schema,
        )

        training_params_public.additional_properties = d
        return training_params_public

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
