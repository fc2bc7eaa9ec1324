from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_verdict_verdict import FileVerdictVerdict, check_file_verdict_verdict
from ..types import UNSET, Unset

T = TypeVar("T", bound="FileVerdict")


@_attrs_define
class FileVerdict:
    """What became of one uploaded file.

    Attributes:
        filename (str): The file name the client sent
        verdict (FileVerdictVerdict):
        detail (None | str | Unset): Why, in words
        faces (int | None | Unset): imported: faces detected
        flagged (None | str | Unset): imported targets: the explicit content labels found
        rule (None | str | Unset): rejected: the validation rule
        stored_as (None | str | Unset): imported: its new name; duplicate: the photo it repeats
    """

    filename: str
    verdict: FileVerdictVerdict
    detail: None | str | Unset = UNSET
    faces: int | None | Unset = UNSET
    flagged: None | str | Unset = UNSET
    rule: None | str | Unset = UNSET
    stored_as: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        filename = self.filename

        verdict: str = self.verdict

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail

        faces: int | None | Unset
        if isinstance(self.faces, Unset):
            faces = UNSET
        else:
            faces = self.faces

        flagged: None | str | Unset
        if isinstance(self.flagged, Unset):
            flagged = UNSET
        else:
            flagged = self.flagged

        rule: None | str | Unset
        if isinstance(self.rule, Unset):
            rule = UNSET
        else:
            rule = self.rule

        stored_as: None | str | Unset
        if isinstance(self.stored_as, Unset):
            stored_as = UNSET
        else:
            stored_as = self.stored_as

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "filename": filename,
                "verdict": verdict,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail
        if faces is not UNSET:
            field_dict["faces"] = faces
        if flagged is not UNSET:
            field_dict["flagged"] = flagged
        if rule is not UNSET:
            field_dict["rule"] = rule
        if stored_as is not UNSET:
            field_dict["stored_as"] = stored_as

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        filename = d.pop("filename")

        verdict = check_file_verdict_verdict(d.pop("verdict"))

        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))

        def _parse_faces(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        faces = _parse_faces(d.pop("faces", UNSET))

        def _parse_flagged(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        flagged = _parse_flagged(d.pop("flagged", UNSET))

        def _parse_rule(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rule = _parse_rule(d.pop("rule", UNSET))

        def _parse_stored_as(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stored_as = _parse_stored_as(d.pop("stored_as", UNSET))

        file_verdict = cls(
            filename=filename,
            verdict=verdict,
            detail=detail,
            faces=faces,
            flagged=flagged,
            rule=rule,
            stored_as=stored_as,
        )

        file_verdict.additional_properties = d
        return file_verdict

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
