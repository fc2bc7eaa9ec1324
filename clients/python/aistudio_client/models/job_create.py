from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.job_create_category import JobCreateCategory, check_job_create_category
from ..types import UNSET, Unset

T = TypeVar("T", bound="JobCreate")


@_attrs_define
class JobCreate:
    """A processing job: every (source x target) pair of a model, as `aistudio run` does.

    Attributes:
        budget_credits (float | None | Unset): Refuse above, and stop at, this many credits
        category (JobCreateCategory | Unset): Which target folder to process Default: 'both'.
        enhance (bool | Unset): Enhance (2x upscale) each swapped image Default: True.
        kind (Literal['process'] | Unset):  Default: 'process'.
        provider (None | str | Unset): Swap engine (default: config)
        sources (list[int] | None | Unset): Source photo numbers (default: all)
    """

    budget_credits: float | None | Unset = UNSET
    category: JobCreateCategory | Unset = "both"
    enhance: bool | Unset = True
    kind: Literal["process"] | Unset = "process"
    provider: None | str | Unset = UNSET
    sources: list[int] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        budget_credits: float | None | Unset
        if isinstance(self.budget_credits, Unset):
            budget_credits = UNSET
        else:
            budget_credits = self.budget_credits

        category: str | Unset = UNSET
        if not isinstance(self.category, Unset):
            category = self.category

        enhance = self.enhance

        kind = self.kind

        provider: None | str | Unset
        if isinstance(self.provider, Unset):
            provider = UNSET
        else:
            provider = self.provider

        sources: list[int] | None | Unset
        if isinstance(self.sources, Unset):
            sources = UNSET
        elif isinstance(self.sources, list):
            sources = self.sources

        else:
            sources = self.sources

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if budget_credits is not UNSET:
            field_dict["budget_credits"] = budget_credits
        if category is not UNSET:
            field_dict["category"] = category
        if enhance is not UNSET:
            field_dict["enhance"] = enhance
        if kind is not UNSET:
            field_dict["kind"] = kind
        if provider is not UNSET:
            field_dict["provider"] = provider
        if sources is not UNSET:
            field_dict["sources"] = sources

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_budget_credits(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        budget_credits = _parse_budget_credits(d.pop("budget_credits", UNSET))

        _category = d.pop("category", UNSET)
        category: JobCreateCategory | Unset
        if isinstance(_category, Unset):
            category = UNSET
        else:
            category = check_job_create_category(_category)

        enhance = d.pop("enhance", UNSET)

        kind = cast(Literal["process"] | Unset, d.pop("kind", UNSET))
        if kind != "process" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'process', got '{kind}'")

        def _parse_provider(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provider = _parse_provider(d.pop("provider", UNSET))

        def _parse_sources(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                sources_type_0 = cast(list[int], data)

                return sources_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        sources = _parse_sources(d.pop("sources", UNSET))

        job_create = cls(
            budget_credits=budget_credits,
            category=category,
            enhance=enhance,
            kind=kind,
            provider=provider,
            sources=sources,
        )

        return job_create
