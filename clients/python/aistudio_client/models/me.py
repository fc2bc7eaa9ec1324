from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.me_role import MeRole, check_me_role
from ..models.me_scopes_item import MeScopesItem, check_me_scopes_item
from ..models.me_via import MeVia, check_me_via
from ..types import UNSET, Unset

T = TypeVar("T", bound="Me")


@_attrs_define
class Me:
    """The caller, and what its credentials allow.

    Attributes:
        created_at (datetime.datetime):
        id (int):
        name (str):
        scopes (list[MeScopesItem]):
        via (MeVia):
        disabled (bool | Unset):  Default: False.
        role (MeRole | Unset):  Default: 'member'.
    """

    created_at: datetime.datetime
    id: int
    name: str
    scopes: list[MeScopesItem]
    via: MeVia
    disabled: bool | Unset = False
    role: MeRole | Unset = "member"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        name = self.name

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item: str = scopes_item_data
            scopes.append(scopes_item)

        via: str = self.via

        disabled = self.disabled

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "name": name,
                "scopes": scopes,
                "via": via,
            }
        )
        if disabled is not UNSET:
            field_dict["disabled"] = disabled
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        name = d.pop("name")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:
            scopes_item = check_me_scopes_item(scopes_item_data)

            scopes.append(scopes_item)

        via = check_me_via(d.pop("via"))

        disabled = d.pop("disabled", UNSET)

        _role = d.pop("role", UNSET)
        role: MeRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = check_me_role(_role)

        me = cls(
            created_at=created_at,
            id=id,
            name=name,
            scopes=scopes,
            via=via,
            disabled=disabled,
            role=role,
        )

        me.additional_properties = d
        return me

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
