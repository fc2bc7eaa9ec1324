from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DatasetSummary")


@_attrs_define
class DatasetSummary:
    """One dataset version in a model's list.

    Attributes:
        captioned_from (int | None): The version whose images it captioned
        captioner (None | str): What wrote its captions (null: the template)
        created_at (datetime.datetime):
        excluded (int):
        family (str):
        hash_ (str):
        included (int):
        overridden_from (int | None): The version a person's keep/reject changed
        reviewed_at (datetime.datetime | None):
        reviewed_by (None | str): Who approved its captions (training needs it)
        version (int):
    """

    captioned_from: int | None
    captioner: None | str
    created_at: datetime.datetime
    excluded: int
    family: str
    hash_: str
    included: int
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

        created_at = self.created_at.isoformat()

        excluded = self.excluded

        family = self.family

        hash_ = self.hash_

        included = self.included

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
                "created_at": created_at,
                "excluded": excluded,
                "family": family,
                "hash": hash_,
                "included": included,
                "overridden_from": overridden_from,
                "reviewed_at": reviewed_at,
                "reviewed_by": reviewed_by,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
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

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        excluded = d.pop("excluded")

        family = d.pop("family")

        hash_ = d.pop("hash")

        included = d.pop("included")

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

        dataset_summary = cls(
            captioned_from=captioned_from,
            captioner=captioner,
            created_at=created_at,
            excluded=excluded,
            family=family,
            hash_=hash_,
            included=included,
            overridden_from=overridden_from,
            reviewed_at=reviewed_at,
            reviewed_by=reviewed_by,
            version=version,
        )

        dataset_summary.additional_properties = d
        return dataset_summary

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
