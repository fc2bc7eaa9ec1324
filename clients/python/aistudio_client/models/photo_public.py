from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.photo_public_category_type_0 import (
    PhotoPublicCategoryType0,
    check_photo_public_category_type_0,
)
from ..models.photo_public_role import PhotoPublicRole, check_photo_public_role

T = TypeVar("T", bound="PhotoPublic")


@_attrs_define
class PhotoPublic:
    """An imported photo (the studio's converted copy).

    Attributes:
        category (None | PhotoPublicCategoryType0):
        created_at (datetime.datetime):
        explicit (bool): An exposed-body label: needs the nsfw consent scope
        faces (int): Faces detected
        file_name (str): The studio's name for it, e.g. andie-t001-sfw.jpg
        height (int):
        id (int):
        identity_flag (bool): Sources: looks like a different person; not used
        number (int):
        role (PhotoPublicRole):
        width (int):
    """

    category: None | PhotoPublicCategoryType0
    created_at: datetime.datetime
    explicit: bool
    faces: int
    file_name: str
    height: int
    id: int
    identity_flag: bool
    number: int
    role: PhotoPublicRole
    width: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category: None | str
        if isinstance(self.category, str):
            category = self.category
        else:
            category = self.category

        created_at = self.created_at.isoformat()

        explicit = self.explicit

        faces = self.faces

        file_name = self.file_name

        height = self.height

        id = self.id

        identity_flag = self.identity_flag

        number = self.number

        role: str = self.role

        width = self.width

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "created_at": created_at,
                "explicit": explicit,
                "faces": faces,
                "file_name": file_name,
                "height": height,
                "id": id,
                "identity_flag": identity_flag,
                "number": number,
                "role": role,
                "width": width,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_category(data: object) -> None | PhotoPublicCategoryType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                category_type_0 = check_photo_public_category_type_0(data)

                return category_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PhotoPublicCategoryType0, data)

        category = _parse_category(d.pop("category"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        explicit = d.pop("explicit")

        faces = d.pop("faces")

        file_name = d.pop("file_name")

        height = d.pop("height")

        id = d.pop("id")

        identity_flag = d.pop("identity_flag")

        number = d.pop("number")

        role = check_photo_public_role(d.pop("role"))

        width = d.pop("width")

        photo_public = cls(
            category=category,
            created_at=created_at,
            explicit=explicit,
            faces=faces,
            file_name=file_name,
            height=height,
            id=id,
            identity_flag=identity_flag,
            number=number,
            role=role,
            width=width,
        )

        photo_public.additional_properties = d
        return photo_public

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
