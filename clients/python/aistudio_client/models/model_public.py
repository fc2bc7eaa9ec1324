from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_public_family import ModelPublicFamily, check_model_public_family

if TYPE_CHECKING:
    from ..models.job_glance import JobGlance
    from ..models.model_public_results import ModelPublicResults
    from ..models.model_public_targets import ModelPublicTargets


T = TypeVar("T", bound="ModelPublic")


@_attrs_define
class ModelPublic:
    """A model at a glance.

    Attributes:
        budget_credits (float | None):
        class_word (str):
        commercial (bool):
        consent (str): none, revoked, or e.g. 'synthetic (sfw,nsfw)'
        cover (None | str): URL of the first source photo's file, or null
        created_at (datetime.datetime):
        credits_ (float): Credits billed so far
        enhance (bool):
        family (ModelPublicFamily):
        job (JobGlance | None): The newest job queued or running, or null
        latest_dataset (int | None): The newest dataset version, or null
        latest_lora (int | None): The newest LoRA version published and not withdrawn, or null
        name (str):
        provider (str):
        results (ModelPublicResults):
        runs (int):
        sources (int):
        targets (ModelPublicTargets):
        trigger (str):
    """

    budget_credits: float | None
    class_word: str
    commercial: bool
    consent: str
    cover: None | str
    created_at: datetime.datetime
    credits_: float
    enhance: bool
    family: ModelPublicFamily
    job: JobGlance | None
    latest_dataset: int | None
    latest_lora: int | None
    name: str
    provider: str
    results: ModelPublicResults
    runs: int
    sources: int
    targets: ModelPublicTargets
    trigger: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.job_glance import JobGlance  # noqa: PLC0415

        budget_credits: float | None
        budget_credits = self.budget_credits

        class_word = self.class_word

        commercial = self.commercial

        consent = self.consent

        cover: None | str
        cover = self.cover

        created_at = self.created_at.isoformat()

        credits_ = self.credits_

        enhance = self.enhance

        family: str = self.family

        job: dict[str, Any] | None
        if isinstance(self.job, JobGlance):
            job = self.job.to_dict()
        else:
            job = self.job

        latest_dataset: int | None
        latest_dataset = self.latest_dataset

        latest_lora: int | None
        latest_lora = self.latest_lora

        name = self.name

        provider = self.provider

        results = self.results.to_dict()

        runs = self.runs

        sources = self.sources

        targets = self.targets.to_dict()

        trigger = self.trigger

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "budget_credits": budget_credits,
                "class_word": class_word,
                "commercial": commercial,
                "consent": consent,
                "cover": cover,
                "created_at": created_at,
                "credits": credits_,
                "enhance": enhance,
                "family": family,
                "job": job,
                "latest_dataset": latest_dataset,
                "latest_lora": latest_lora,
                "name": name,
                "provider": provider,
                "results": results,
                "runs": runs,
                "sources": sources,
                "targets": targets,
                "trigger": trigger,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_glance import JobGlance  # noqa: PLC0415
        from ..models.model_public_results import ModelPublicResults  # noqa: PLC0415
        from ..models.model_public_targets import ModelPublicTargets  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_budget_credits(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        budget_credits = _parse_budget_credits(d.pop("budget_credits"))

        class_word = d.pop("class_word")

        commercial = d.pop("commercial")

        consent = d.pop("consent")

        def _parse_cover(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cover = _parse_cover(d.pop("cover"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        credits_ = d.pop("credits")

        enhance = d.pop("enhance")

        family = check_model_public_family(d.pop("family"))

        def _parse_job(data: object) -> JobGlance | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                job_type_0 = JobGlance.from_dict(data)

                return job_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobGlance | None, data)

        job = _parse_job(d.pop("job"))

        def _parse_latest_dataset(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        latest_dataset = _parse_latest_dataset(d.pop("latest_dataset"))

        def _parse_latest_lora(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        latest_lora = _parse_latest_lora(d.pop("latest_lora"))

        name = d.pop("name")

        provider = d.pop("provider")

        results = ModelPublicResults.from_dict(d.pop("results"))

        runs = d.pop("runs")

        sources = d.pop("sources")

        targets = ModelPublicTargets.from_dict(d.pop("targets"))

        trigger = d.pop("trigger")

        model_public = cls(
            budget_credits=budget_credits,
            class_word=class_word,
            commercial=commercial,
            consent=consent,
            cover=cover,
            created_at=created_at,
            credits_=credits_,
            enhance=enhance,
            family=family,
            job=job,
            latest_dataset=latest_dataset,
            latest_lora=latest_lora,
            name=name,
            provider=provider,
            results=results,
            runs=runs,
            sources=sources,
            targets=targets,
            trigger=trigger,
        )

        model_public.additional_properties = d
        return model_public

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
