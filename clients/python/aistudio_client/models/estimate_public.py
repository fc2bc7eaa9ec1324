from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EstimatePublic")


@_attrs_define
class EstimatePublic:
    """What a job would cost and do, before anything starts.

    Attributes:
        already_done (int): Pairs whose results exist (reused, not paid again)
        credits_ (float):
        enhances (int):
        pairs (int): Pairs planned
        summary (str): e.g. 'Estimated cost: 120 credits (10 swaps x 10, ...)'
        swaps (int):
    """

    already_done: int
    credits_: float
    enhances: int
    pairs: int
    summary: str
    swaps: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        already_done = self.already_done

        credits_ = self.credits_

        enhances = self.enhances

        pairs = self.pairs

        summary = self.summary

        swaps = self.swaps

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "already_done": already_done,
                "credits": credits_,
                "enhances": enhances,
                "pairs": pairs,
                "summary": summary,
                "swaps": swaps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        already_done = d.pop("already_done")

        credits_ = d.pop("credits")

        enhances = d.pop("enhances")

        pairs = d.pop("pairs")

        summary = d.pop("summary")

        swaps = d.pop("swaps")

        estimate_public = cls(
            already_done=already_done,
            credits_=credits_,
            enhances=enhances,
            pairs=pairs,
            summary=summary,
            swaps=swaps,
        )

        estimate_public.additional_properties = d
        return estimate_public

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
