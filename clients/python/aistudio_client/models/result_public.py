from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.result_public_category import ResultPublicCategory, check_result_public_category

if TYPE_CHECKING:
    from ..models.result_public_files import ResultPublicFiles


T = TypeVar("T", bound="ResultPublic")


@_attrs_define
class ResultPublic:
    """One pair (source x target) after its latest run.

    Attributes:
        after (None | str): URL of the final result (enhanced, else swapped) of a done pair
        before (None | str): URL of the target photo: the slider's left side
        category (ResultPublicCategory):
        files (ResultPublicFiles): target (the photo before), swapped and enhanced, those it has
        pair (str): e.g. s1-t004-sfw: source 1, target 4, category sfw
        reason (None | str):
        rule (None | str): The rule that refused it (rejected, failed)
        run_id (str):
        source (int):
        status (str): done, rejected, failed or skipped
        target (int):
        updated_at (datetime.datetime):
    """

    after: None | str
    before: None | str
    category: ResultPublicCategory
    files: ResultPublicFiles
    pair: str
    reason: None | str
    rule: None | str
    run_id: str
    source: int
    status: str
    target: int
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        after: None | str
        after = self.after

        before: None | str
        before = self.before

        category: str = self.category

        files = self.files.to_dict()

        pair = self.pair

        reason: None | str
        reason = self.reason

        rule: None | str
        rule = self.rule

        run_id = self.run_id

        source = self.source

        status = self.status

        target = self.target

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "after": after,
                "before": before,
                "category": category,
                "files": files,
                "pair": pair,
                "reason": reason,
                "rule": rule,
                "run_id": run_id,
                "source": source,
                "status": status,
                "target": target,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.result_public_files import ResultPublicFiles  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_after(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        after = _parse_after(d.pop("after"))

        def _parse_before(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        before = _parse_before(d.pop("before"))

        category = check_result_public_category(d.pop("category"))

        files = ResultPublicFiles.from_dict(d.pop("files"))

        pair = d.pop("pair")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_rule(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rule = _parse_rule(d.pop("rule"))

        run_id = d.pop("run_id")

        source = d.pop("source")

        status = d.pop("status")

        target = d.pop("target")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        result_public = cls(
            after=after,
            before=before,
            category=category,
            files=files,
            pair=pair,
            reason=reason,
            rule=rule,
            run_id=run_id,
            source=source,
            status=status,
            target=target,
            updated_at=updated_at,
        )

        result_public.additional_properties = d
        return result_public

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
