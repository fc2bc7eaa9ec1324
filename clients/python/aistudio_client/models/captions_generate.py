from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.captions_generate_captioner_type_0 import (
    CaptionsGenerateCaptionerType0,
    check_captions_generate_captioner_type_0,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="CaptionsGenerate")


@_attrs_define
class CaptionsGenerate:
    """A captioning job over a version: a new, unreviewed version.

    Attributes:
        captioner (CaptionsGenerateCaptionerType0 | None | Unset): tagger (offline), or a vision-language model a
            setting names: florence2, blip, blip2, qwen2.5-vl, joycaption (default: the model's config.json)
    """

    captioner: CaptionsGenerateCaptionerType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        captioner: None | str | Unset
        if isinstance(self.captioner, Unset):
            captioner = UNSET
        elif isinstance(self.captioner, str):
            captioner = self.captioner
        else:
            captioner = self.captioner

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if captioner is not UNSET:
            field_dict["captioner"] = captioner

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_captioner(data: object) -> CaptionsGenerateCaptionerType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                captioner_type_0 = check_captions_generate_captioner_type_0(data)

                return captioner_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CaptionsGenerateCaptionerType0 | None | Unset, data)

        captioner = _parse_captioner(d.pop("captioner", UNSET))

        captions_generate = cls(
            captioner=captioner,
        )

        return captions_generate
