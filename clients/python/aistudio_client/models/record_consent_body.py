from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.record_consent_body_kind import RecordConsentBodyKind, check_record_consent_body_kind
from ..types import UNSET, File, FileTypes, Unset

T = TypeVar("T", bound="RecordConsentBody")


@_attrs_define
class RecordConsentBody:
    """
    Attributes:
        attest_adult (bool): The person (or persona) depicted is an adult
        kind (RecordConsentBodyKind):
        scopes (str): sfw or sfw,nsfw
        release (File | Unset): real-person: the signed release
        subject (str | Unset): real-person: who agreed
    """

    attest_adult: bool
    kind: RecordConsentBodyKind
    scopes: str
    release: File | Unset = UNSET
    subject: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attest_adult = self.attest_adult

        kind: str = self.kind

        scopes = self.scopes

        release: FileTypes | Unset = UNSET
        if not isinstance(self.release, Unset):
            release = self.release.to_tuple()

        subject = self.subject

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attest_adult": attest_adult,
                "kind": kind,
                "scopes": scopes,
            }
        )
        if release is not UNSET:
            field_dict["release"] = release
        if subject is not UNSET:
            field_dict["subject"] = subject

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("attest_adult", (None, str(self.attest_adult).encode(), "text/plain")))

        files.append(("kind", (None, str(self.kind).encode(), "text/plain")))

        files.append(("scopes", (None, str(self.scopes).encode(), "text/plain")))

        if not isinstance(self.release, Unset):
            files.append(("release", self.release.to_tuple()))

        if not isinstance(self.subject, Unset):
            files.append(("subject", (None, str(self.subject).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attest_adult = d.pop("attest_adult")

        kind = check_record_consent_body_kind(d.pop("kind"))

        scopes = d.pop("scopes")

        _release = d.pop("release", UNSET)
        release: File | Unset
        if isinstance(_release, Unset):
            release = UNSET
        else:
            release = File(payload=BytesIO(_release))

        subject = d.pop("subject", UNSET)

        record_consent_body = cls(
            attest_adult=attest_adult,
            kind=kind,
            scopes=scopes,
            release=release,
            subject=subject,
        )

        record_consent_body.additional_properties = d
        return record_consent_body

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
