from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.model_settings_family_type_0 import (
    ModelSettingsFamilyType0,
    check_model_settings_family_type_0,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelSettings")


@_attrs_define
class ModelSettings:
    """The settings a model's config.json holds that the API may change.

    Attributes:
        budget_credits (float | None | Unset): Credits cap per run
        class_word (None | str | Unset): e.g. woman
        commercial (bool | None | Unset): LoRAs for commercial use: bases must be licensed for it
        enhance (bool | None | Unset): Enhance each swapped image
        family (ModelSettingsFamilyType0 | None | Unset): Base family for datasets and LoRAs
        provider (None | str | Unset): Swap engine: local, maxstudio
        trigger (None | str | Unset): Caption trigger word
    """

    budget_credits: float | None | Unset = UNSET
    class_word: None | str | Unset = UNSET
    commercial: bool | None | Unset = UNSET
    enhance: bool | None | Unset = UNSET
    family: ModelSettingsFamilyType0 | None | Unset = UNSET
    provider: None | str | Unset = UNSET
    trigger: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        budget_credits: float | None | Unset
        if isinstance(self.budget_credits, Unset):
            budget_credits = UNSET
        else:
            budget_credits = self.budget_credits

        class_word: None | str | Unset
        if isinstance(self.class_word, Unset):
            class_word = UNSET
        else:
            class_word = self.class_word

        commercial: bool | None | Unset
        if isinstance(self.commercial, Unset):
            commercial = UNSET
        else:
            commercial = self.commercial

        enhance: bool | None | Unset
        if isinstance(self.enhance, Unset):
            enhance = UNSET
        else:
            enhance = self.enhance

        family: None | str | Unset
        if isinstance(self.family, Unset):
            family = UNSET
        elif isinstance(self.family, str):
            family = self.family
        else:
            family = self.family

        provider: None | str | Unset
        if isinstance(self.provider, Unset):
            provider = UNSET
        else:
            provider = self.provider

        trigger: None | str | Unset
        if isinstance(self.trigger, Unset):
            trigger = UNSET
        else:
            trigger = self.trigger

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if budget_credits is not UNSET:
            field_dict["budget_credits"] = budget_credits
        if class_word is not UNSET:
            field_dict["class_word"] = class_word
        if commercial is not UNSET:
            field_dict["commercial"] = commercial
        if enhance is not UNSET:
            field_dict["enhance"] = enhance
        if family is not UNSET:
            field_dict["family"] = family
        if provider is not UNSET:
            field_dict["provider"] = provider
        if trigger is not UNSET:
            field_dict["trigger"] = trigger

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

        def _parse_class_word(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        class_word = _parse_class_word(d.pop("class_word", UNSET))

        def _parse_commercial(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        commercial = _parse_commercial(d.pop("commercial", UNSET))

        def _parse_enhance(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enhance = _parse_enhance(d.pop("enhance", UNSET))

        def _parse_family(data: object) -> ModelSettingsFamilyType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                family_type_0 = check_model_settings_family_type_0(data)

                return family_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelSettingsFamilyType0 | None | Unset, data)

        family = _parse_family(d.pop("family", UNSET))

        def _parse_provider(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provider = _parse_provider(d.pop("provider", UNSET))

        def _parse_trigger(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        trigger = _parse_trigger(d.pop("trigger", UNSET))

        model_settings = cls(
            budget_credits=budget_credits,
            class_word=class_word,
            commercial=commercial,
            enhance=enhance,
            family=family,
            provider=provider,
            trigger=trigger,
        )

        return model_settings
