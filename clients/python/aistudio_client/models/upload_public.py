from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.upload_public_category_type_0 import (
    UploadPublicCategoryType0,
    check_upload_public_category_type_0,
)
from ..models.upload_public_role import UploadPublicRole, check_upload_public_role
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_verdict import FileVerdict


T = TypeVar("T", bound="UploadPublic")


@_attrs_define
class UploadPublic:
    """A resumable upload: how far it got and, once complete, the verdict.

    Attributes:
        category (None | UploadPublicCategoryType0):
        created_at (datetime.datetime):
        filename (str):
        finished_at (datetime.datetime | None):
        id (str):
        offset (int): Bytes received: the next PATCH's Upload-Offset
        role (UploadPublicRole):
        size (int):
        result (FileVerdict | None | Unset): Once the last byte arrived
    """

    category: None | UploadPublicCategoryType0
    created_at: datetime.datetime
    filename: str
    finished_at: datetime.datetime | None
    id: str
    offset: int
    role: UploadPublicRole
    size: int
    result: FileVerdict | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.file_verdict import FileVerdict  # noqa: PLC0415

        category: None | str
        if isinstance(self.category, str):
            category = self.category
        else:
            category = self.category

        created_at = self.created_at.isoformat()

        filename = self.filename

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        id = self.id

        offset = self.offset

        role: str = self.role

        size = self.size

        result: dict[str, Any] | None | Unset
        if isinstance(self.result, Unset):
            result = UNSET
        elif isinstance(self.result, FileVerdict):
            result = self.result.to_dict()
        else:
            result = self.result

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "created_at": created_at,
                "filename": filename,
                "finished_at": finished_at,
                "id": id,
                "offset": offset,
                "role": role,
                "size": size,
            }
        )
        if result is not UNSET:
            field_dict["result"] = result

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_verdict import FileVerdict  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_category(data: object) -> None | UploadPublicCategoryType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                category_type_0 = check_upload_public_category_type_0(data)

                return category_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UploadPublicCategoryType0, data)

        category = _parse_category(d.pop("category"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        filename = d.pop("filename")

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        id = d.pop("id")

        offset = d.pop("offset")

        role = check_upload_public_role(d.pop("role"))

        size = d.pop("size")

        def _parse_result(data: object) -> FileVerdict | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = FileVerdict.from_dict(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FileVerdict | None | Unset, data)

        result = _parse_result(d.pop("result", UNSET))

        upload_public = cls(
            category=category,
            created_at=created_at,
            filename=filename,
            finished_at=finished_at,
            id=id,
            offset=offset,
            role=role,
            size=size,
            result=result,
        )

        upload_public.additional_properties = d
        return upload_public

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
