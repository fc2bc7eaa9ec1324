from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lora_check_public_consent import (
    LoraCheckPublicConsent,
    check_lora_check_public_consent,
)

T = TypeVar("T", bound="LoraCheckPublic")


@_attrs_define
class LoraCheckPublic:
    """What an uploaded LoRA file cites and whether it stands (your models only).

    Attributes:
        consent (LoraCheckPublicConsent):
        consent_hash (str): The consent record the file cites
        dataset (None | str): e.g. 'andie dataset v1', when it is one of yours
        dataset_hash (str):
        filename (str):
        in_force (bool): Its record is in force and its version not withdrawn
        scopes (None | str):
        subject (None | str):
        title (str): modelspec.title, e.g. 'andie v1'
        version (None | str): e.g. 'andie v1': the version it was made from
        withdrawn (bool):
        withdrawn_at (datetime.datetime | None):
    """

    consent: LoraCheckPublicConsent
    consent_hash: str
    dataset: None | str
    dataset_hash: str
    filename: str
    in_force: bool
    scopes: None | str
    subject: None | str
    title: str
    version: None | str
    withdrawn: bool
    withdrawn_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        consent: str = self.consent

        consent_hash = self.consent_hash

        dataset: None | str
        dataset = self.dataset

        dataset_hash = self.dataset_hash

        filename = self.filename

        in_force = self.in_force

        scopes: None | str
        scopes = self.scopes

        subject: None | str
        subject = self.subject

        title = self.title

        version: None | str
        version = self.version

        withdrawn = self.withdrawn

        withdrawn_at: None | str
        if isinstance(self.withdrawn_at, datetime.datetime):
            withdrawn_at = self.withdrawn_at.isoformat()
        else:
            withdrawn_at = self.withdrawn_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "consent": consent,
                "consent_hash": consent_hash,
                "dataset": dataset,
                "dataset_hash": dataset_hash,
                "filename": filename,
                "in_force": in_force,
                "scopes": scopes,
                "subject": subject,
                "title": title,
                "version": version,
                "withdrawn": withdrawn,
                "withdrawn_at": withdrawn_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        consent = check_lora_check_public_consent(d.pop("consent"))

        consent_hash = d.pop("consent_hash")

        def _parse_dataset(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        dataset = _parse_dataset(d.pop("dataset"))

        dataset_hash = d.pop("dataset_hash")

        filename = d.pop("filename")

        in_force = d.pop("in_force")

        def _parse_scopes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        scopes = _parse_scopes(d.pop("scopes"))

        def _parse_subject(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject = _parse_subject(d.pop("subject"))

        title = d.pop("title")

        def _parse_version(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        version = _parse_version(d.pop("version"))

        withdrawn = d.pop("withdrawn")

        def _parse_withdrawn_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                withdrawn_at_type_0 = datetime.datetime.fromisoformat(data)

                return withdrawn_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        withdrawn_at = _parse_withdrawn_at(d.pop("withdrawn_at"))

        lora_check_public = cls(
            consent=consent,
            consent_hash=consent_hash,
            dataset=dataset,
            dataset_hash=dataset_hash,
            filename=filename,
            in_force=in_force,
            scopes=scopes,
            subject=subject,
            title=title,
            version=version,
            withdrawn=withdrawn,
            withdrawn_at=withdrawn_at,
        )

        lora_check_public.additional_properties = d
        return lora_check_public

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
