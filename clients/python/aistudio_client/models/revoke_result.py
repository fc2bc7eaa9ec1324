from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.consent_public import ConsentPublic
    from ..models.purge_summary import PurgeSummary


T = TypeVar("T", bound="RevokeResult")


@_attrs_define
class RevokeResult:
    """The revoked record, and what a purge removed.

    Attributes:
        consent (ConsentPublic): A model's consent record: the one in force, or the latest.
        purged (None | PurgeSummary | Unset):
    """

    consent: ConsentPublic
    purged: None | PurgeSummary | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.purge_summary import PurgeSummary  # noqa: PLC0415

        consent = self.consent.to_dict()

        purged: dict[str, Any] | None | Unset
        if isinstance(self.purged, Unset):
            purged = UNSET
        elif isinstance(self.purged, PurgeSummary):
            purged = self.purged.to_dict()
        else:
            purged = self.purged

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "consent": consent,
            }
        )
        if purged is not UNSET:
            field_dict["purged"] = purged

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_public import ConsentPublic  # noqa: PLC0415
        from ..models.purge_summary import PurgeSummary  # noqa: PLC0415

        d = dict(src_dict)
        consent = ConsentPublic.from_dict(d.pop("consent"))

        def _parse_purged(data: object) -> None | PurgeSummary | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                purged_type_0 = PurgeSummary.from_dict(data)

                return purged_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PurgeSummary | Unset, data)

        purged = _parse_purged(d.pop("purged", UNSET))

        revoke_result = cls(
            consent=consent,
            purged=purged,
        )

        revoke_result.additional_properties = d
        return revoke_result

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
