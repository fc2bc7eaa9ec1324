from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ConsentPublic")


@_attrs_define
class ConsentPublic:
    """A model's consent record: the one in force, or the latest.

    Attributes:
        attested_adult (bool):
        created_at (datetime.datetime):
        has_release (bool): A signed release document is on file
        kind (str): synthetic or real-person (demo: set by the demo)
        record_hash (str): sha256 of what was agreed: LoRA files cite it
        revoked_at (datetime.datetime | None):
        scopes (list[str]): sfw, nsfw
        subject (None | str): real-person: who agreed
    """

    attested_adult: bool
    created_at: datetime.datetime
    has_release: bool
    kind: str
    record_hash: str
    revoked_at: datetime.datetime | None
    scopes: list[str]
    subject: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attested_adult = self.attested_adult

        created_at = self.created_at.isoformat()

        has_release = self.has_release

        kind = self.kind

        record_hash = self.record_hash

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        scopes = self.scopes

        subject: None | str
        subject = self.subject

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attested_adult": attested_adult,
                "created_at": created_at,
                "has_release": has_release,
                "kind": kind,
                "record_hash": record_hash,
                "revoked_at": revoked_at,
                "scopes": scopes,
                "subject": subject,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attested_adult = d.pop("attested_adult")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        has_release = d.pop("has_release")

        kind = d.pop("kind")

        record_hash = d.pop("record_hash")

        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))

        scopes = cast(list[str], d.pop("scopes"))

        def _parse_subject(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject = _parse_subject(d.pop("subject"))

        consent_public = cls(
            attested_adult=attested_adult,
            created_at=created_at,
            has_release=has_release,
            kind=kind,
            record_hash=record_hash,
            revoked_at=revoked_at,
            scopes=scopes,
            subject=subject,
        )

        consent_public.additional_properties = d
        return consent_public

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
