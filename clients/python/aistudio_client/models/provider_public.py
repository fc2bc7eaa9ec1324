from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.provider_public_prices import ProviderPublicPrices


T = TypeVar("T", bound="ProviderPublic")


@_attrs_define
class ProviderPublic:
    """An engine a model can process with: credits per operation, and whether it is set up.

    Attributes:
        name (str):
        prices (ProviderPublicPrices): Credits per operation (swap, enhance)
        ready (bool):
        why (None | str | Unset): What to configure when it is not ready
    """

    name: str
    prices: ProviderPublicPrices
    ready: bool
    why: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        prices = self.prices.to_dict()

        ready = self.ready

        why: None | str | Unset
        if isinstance(self.why, Unset):
            why = UNSET
        else:
            why = self.why

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "prices": prices,
                "ready": ready,
            }
        )
        if why is not UNSET:
            field_dict["why"] = why

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.provider_public_prices import ProviderPublicPrices  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        prices = ProviderPublicPrices.from_dict(d.pop("prices"))

        ready = d.pop("ready")

        def _parse_why(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        why = _parse_why(d.pop("why", UNSET))

        provider_public = cls(
            name=name,
            prices=prices,
            ready=ready,
            why=why,
        )

        provider_public.additional_properties = d
        return provider_public

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
