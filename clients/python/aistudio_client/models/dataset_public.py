from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.dataset_item_public import DatasetItemPublic


T = TypeVar("T", bound="DatasetPublic")


@_attrs_define
class DatasetPublic:
    """A dataset version with every candidate, in or out, and its contact sheet.

    Attributes:
        captioned_from (int | None):
        captioner (None | str):
        contact_sheet_url (str):
        excluded (list[DatasetItemPublic]):
        family (str):
        hash_ (str):
        holdout (list[str]):
        included (list[DatasetItemPublic]):
        model (str):
        overridden_from (int | None):
        reviewed_at (datetime.datetime | None):
        reviewed_by (None | str):
        version (int):
    """

    captioned_from: int | None
    captioner: None | str
    contact_sheet_url: str
    excluded: list[DatasetItemPublic]
    family: str
    hash_: str
    holdout: list[str]
    included: list[DatasetItemPublic]
    model: str
    overridden_from: int | None
    reviewed_at: datetime.datetime | None
    reviewed_by: None | str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        captioned_from: int | None
        captioned_from = self.captioned_from

        captioner: None | str
        captioner = self.captioner

        contact_sheet_url = self.contact_sheet_url

        excluded = []
        for excluded_item_data in self.excluded:
            excluded_item = excluded_item_data.to_dict()
            excluded.append(excluded_item)

        family = self.family

        hash_ = self.hash_

        holdout = self.holdout

        included = []
        for included_item_data in self.included:
            included_item = included_item_data.to_dict()
            included.append(included_item)

        model = self.model

        overridden_from: int | None
        overridden_from = self.overridden_from

        reviewed_at: None | str
        if isinstance(self.reviewed_at, datetime.datetime):
            reviewed_at = self.reviewed_at.isoformat()
        else:
            reviewed_at = self.reviewed_at

        reviewed_by: None | str
        reviewed_by = self.reviewed_by

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "captioned_from": captioned_from,
                "captioner": captioner,
                "contact_sheet_url": contact_sheet_url,
                "excluded": excluded,
                "family": family,
                "hash": hash_,
                "holdout": holdout,
                "included": included,
                "model": model,
                "overridden_from": overridden_from,
                "reviewed_at": reviewed_at,
                "reviewed_by": reviewed_by,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dataset_item_public import DatasetItemPublic  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_captioned_from(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        captioned_from = _parse_captioned_from(d.pop("captioned_from"))

        def _parse_captioner(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        captioner = _parse_captioner(d.pop("captioner"))

        contact_sheet_url = d.pop("contact_sheet_url")

        excluded = []
        _excluded = d.pop("excluded")
        for excluded_item_data in _excluded:
            excluded_item = DatasetItemPublic.from_dict(excluded_item_data)

            excluded.append(excluded_item)

        family = d.pop("family")

        hash_ = d.pop("hash")

        holdout = cast(list[str], d.pop("holdout"))

        included = []
        _included = d.pop("included")
        for included_item_data in _included:
            included_item = DatasetItemPublic.from_dict(included_item_data)

            included.append(included_item)

        model = d.pop("model")

        def _parse_overridden_from(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        overridden_from = _parse_overridden_from(d.pop("overridden_from"))

        def _parse_reviewed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reviewed_at_type_0 = datetime.datetime.fromisoformat(data)

                return reviewed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        reviewed_at = _parse_reviewed_at(d.pop("reviewed_at"))

        def _parse_reviewed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reviewed_by = _parse_reviewed_by(d.pop("reviewed_by"))

        version = d.pop("version")

        dataset_public = cls(
            captioned_from=captioned_from,
            captioner=captioner,
            contact_sheet_url=contact_sheet_url,
            excluded=excluded,
            family=family,
            hash_=hash_,
            holdout=holdout,
            included=included,
            model=model,
            overridden_from=overridden_from,
            reviewed_at=reviewed_at,
            reviewed_by=reviewed_by,
            version=version,
        )

        dataset_public.additional_properties = d
        return dataset_public

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
