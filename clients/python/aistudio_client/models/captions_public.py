from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.caption_public import CaptionPublic
    from ..models.captions_public_tag_frequency import CaptionsPublicTagFrequency


T = TypeVar("T", bound="CaptionsPublic")


@_attrs_define
class CaptionsPublic:
    """A version's captions and what needs a look before training.

    Attributes:
        captioner (None | str):
        items (list[CaptionPublic]):
        missing (list[str]): Images without a caption
        model (str):
        no_trigger (list[str]): Captions that do not start with the trigger
        over_length (list[str]): Captions longer than the text encoder reads
        reviewed_at (datetime.datetime | None):
        reviewed_by (None | str):
        tag_frequency (CaptionsPublicTagFrequency): kohya's ss_tag_frequency
        version (int):
    """

    captioner: None | str
    items: list[CaptionPublic]
    missing: list[str]
    model: str
    no_trigger: list[str]
    over_length: list[str]
    reviewed_at: datetime.datetime | None
    reviewed_by: None | str
    tag_frequency: CaptionsPublicTagFrequency
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        captioner: None | str
        captioner = self.captioner

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        missing = self.missing

        model = self.model

        no_trigger = self.no_trigger

        over_length = self.over_length

        reviewed_at: None | str
        if isinstance(self.reviewed_at, datetime.datetime):
            reviewed_at = self.reviewed_at.isoformat()
        else:
            reviewed_at = self.reviewed_at

        reviewed_by: None | str
        reviewed_by = self.reviewed_by

        tag_frequency = self.tag_frequency.to_dict()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "captioner": captioner,
                "items": items,
                "missing": missing,
                "model": model,
                "no_trigger": no_trigger,
                "over_length": over_length,
                "reviewed_at": reviewed_at,
                "reviewed_by": reviewed_by,
                "tag_frequency": tag_frequency,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.caption_public import CaptionPublic  # noqa: PLC0415
        from ..models.captions_public_tag_frequency import CaptionsPublicTagFrequency  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_captioner(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        captioner = _parse_captioner(d.pop("captioner"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = CaptionPublic.from_dict(items_item_data)

            items.append(items_item)

        missing = cast(list[str], d.pop("missing"))

        model = d.pop("model")

        no_trigger = cast(list[str], d.pop("no_trigger"))

        over_length = cast(list[str], d.pop("over_length"))

        def _parse_reviewed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reviewed_at_type_0 = datetime.datetime.fromisoformat(data)

                return reviewed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        reviewed_at = _parse_reviewed_at(d.pop("reviewed_at"))

        def _parse_reviewed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reviewed_by = _parse_reviewed_by(d.pop("reviewed_by"))

        tag_frequency = CaptionsPublicTagFrequency.from_dict(d.pop("tag_frequency"))

        version = d.pop("version")

        captions_public = cls(
            captioner=captioner,
            items=items,
            missing=missing,
            model=model,
            no_trigger=no_trigger,
            over_length=over_length,
            reviewed_at=reviewed_at,
            reviewed_by=reviewed_by,
            tag_frequency=tag_frequency,
            version=version,
        )

        captions_public.additional_properties = d
        return captions_public

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
