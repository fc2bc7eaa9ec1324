from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.caption_problem import CaptionProblem


T = TypeVar("T", bound="CaptionCheck")


@_attrs_define
class CaptionCheck:
    """One draft as an edit would find it.

    Attributes:
        exact (bool): Counted with the real tokenizer (else estimated)
        limit (int): What the family's text encoder reads (the rest is cut off)
        problems (list[CaptionProblem]): Empty when an edit would take it
        tokens (int): Its length in the text encoder's tokens
    """

    exact: bool
    limit: int
    problems: list[CaptionProblem]
    tokens: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        exact = self.exact

        limit = self.limit

        problems = []
        for problems_item_data in self.problems:
            problems_item = problems_item_data.to_dict()
            problems.append(problems_item)

        tokens = self.tokens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "exact": exact,
                "limit": limit,
                "problems": problems,
                "tokens": tokens,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.caption_problem import CaptionProblem  # noqa: PLC0415

        d = dict(src_dict)
        exact = d.pop("exact")

        limit = d.pop("limit")

        problems = []
        _problems = d.pop("problems")
        for problems_item_data in _problems:
            problems_item = CaptionProblem.from_dict(problems_item_data)

            problems.append(problems_item)

        tokens = d.pop("tokens")

        caption_check = cls(
            exact=exact,
            limit=limit,
            problems=problems,
            tokens=tokens,
        )

        caption_check.additional_properties = d
        return caption_check

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
