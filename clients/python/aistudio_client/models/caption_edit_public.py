from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CaptionEditPublic")


@_attrs_define
class CaptionEditPublic:
    """One caption a version was given: who, how (tagger, edit...) and when.

    Attributes:
        author (str):
        caption (str):
        created_at (datetime.datetime):
        id (int):
        image (str):
        previous (None | str):
        source (str):
    """

    author: str
    caption: str
    created_at: datetime.datetime
    id: int
    image: str
    previous: None | str
    source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        author = self.author

        caption = self.caption

        created_at = self.created_at.isoformat()

        id = self.id

        image = self.image

        previous: None | str
        previous = self.previous

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "author": author,
                "caption": caption,
                "created_at": created_at,
                "id": id,
                "image": image,
                "previous": previous,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        author = d.pop("author")

        caption = d.pop("caption")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        image = d.pop("image")

        def _parse_previous(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous = _parse_previous(d.pop("previous"))

        source = d.pop("source")

        caption_edit_public = cls(
            author=author,
            caption=caption,
            created_at=created_at,
            id=id,
            image=image,
            previous=previous,
            source=source,
        )

        caption_edit_public.additional_properties = d
        return caption_edit_public

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
