from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.family_public_defaults import FamilyPublicDefaults


T = TypeVar("T", bound="FamilyPublic")


@_attrs_define
class FamilyPublic:
    """A base family: its defaults, configured base, the base's license and VRAM.

    Attributes:
        base (str):
        commercial (bool | None): Whether the license allows it (null: unknown)
        defaults (FamilyPublicDefaults): Every TrainParams field with its default
        family (str):
        license_ (str):
        note (str):
        title (str):
        vram (str):
        vram_source (str):
    """

    base: str
    commercial: bool | None
    defaults: FamilyPublicDefaults
    family: str
    license_: str
    note: str
    title: str
    vram: str
    vram_source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        base = self.base

        commercial: bool | None
        commercial = self.commercial

        defaults = self.defaults.to_dict()

        family = self.family

        license_ = self.license_

        note = self.note

        title = self.title

        vram = self.vram

        vram_source = self.vram_source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "base": base,
                "commercial": commercial,
                "defaults": defaults,
                "family": family,
                "license": license_,
                "note": note,
                "title": title,
                "vram": vram,
                "vram_source": vram_source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.family_public_defaults import FamilyPublicDefaults  # noqa: PLC0415

        d = dict(src_dict)
        base = d.pop("base")

        def _parse_commercial(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        commercial = _parse_commercial(d.pop("commercial"))

        defaults = FamilyPublicDefaults.from_dict(d.pop("defaults"))

        family = d.pop("family")

        license_ = d.pop("license")

        note = d.pop("note")

        title = d.pop("title")

        vram = d.pop("vram")

        vram_source = d.pop("vram_source")

        family_public = cls(
            base=base,
            commercial=commercial,
            defaults=defaults,
            family=family,
            license_=license_,
            note=note,
            title=title,
            vram=vram,
            vram_source=vram_source,
        )

        family_public.additional_properties = d
        return family_public

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
