from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.user_public_role import UserPublicRole, check_user_public_role
from ..types import UNSET, Unset

T = TypeVar("T", bound="UserPublic")


@_attrs_define
class UserPublic:
    """A user as the API shows one.

    Attributes:
        created_at (datetime.datetime):
        id (int):
        name (str):
        disabled (bool | Unset):  Default: False.
        role (UserPublicRole | Unset):  Default: 'member'.
    """

    created_at: datetime.datetime
    id: int
    name: str
    disabled: bool | Unset = False
    role: UserPublicRole | Unset = "member"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        name = self.name

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

        disabled = d.pop("disabled", UNSET)

        _role = d.pop("role", UNSET)
        role: UserPublicRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = check_user_public_role(_role)

        user_public = cls(
            created_at=created_at,
            id=id,
            name=name,
            disabled=disabled,
            role=role,
        )

        user_public.additional_properties = d
        return user_public

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
