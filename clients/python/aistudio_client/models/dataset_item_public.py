from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dataset_item_public_scores import DatasetItemPublicScores


T = TypeVar("T", bound="DatasetItemPublic")


@_attrs_define
class DatasetItemPublic:
    """One candidate of a version: in (its training image, crop and caption) or out (why).

    Attributes:
        candidate_url (str): Where the candidate itself (the stored result or photo, uncropped) downloads from, in or
            out
        caption (None | str):
        crop (list[int] | None): x, y, width, height in the candidate; bucket
        detail (None | str):
        file (str): The candidate (its stored path): what an override names
        image (None | str): The training image's name (001.jpg) when in
        image_url (None | str): Where the training image downloads from
        included (bool):
        reason (None | str): Why it is out: a rule (blur, duplicate...) or override
        scores (DatasetItemPublicScores): What was measured: sharpness, identity, yaw...
        auto_included (bool | None | Unset): The automatic choice, when a person overrode it (else null)
        override_by (None | str | Unset):
        override_reason (None | str | Unset):
    """

    candidate_url: str
    caption: None | str
    crop: list[int] | None
    detail: None | str
    file: str
    image: None | str
    image_url: None | str
    included: bool
    reason: None | str
    scores: DatasetItemPublicScores
    auto_included: bool | None | Unset = UNSET
    override_by: None | str | Unset = UNSET
    override_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        candidate_url = self.candidate_url

        caption: None | str
        caption = self.caption

        crop: list[int] | None
        if isinstance(self.crop, list):
            crop = self.crop

        else:
            crop = self.crop

        detail: None | str
        detail = self.detail

        file = self.file

        image: None | str
        image = self.image

        image_url: None | str
        image_url = self.image_url

        included = self.included

        reason: None | str
        reason = self.reason

        scores = self.scores.to_dict()

        auto_included: bool | None | Unset
        if isinstance(self.auto_included, Unset):
            auto_included = UNSET
        else:
            auto_included = self.auto_included

        override_by: None | str | Unset
        if isinstance(self.override_by, Unset):
            override_by = UNSET
        else:
            override_by = self.override_by

        override_reason: None | str | Unset
        if isinstance(self.override_reason, Unset):
            override_reason = UNSET
        else:
            override_reason = self.override_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "candidate_url": candidate_url,
                "caption": caption,
                "crop": crop,
                "detail": detail,
                "file": file,
                "image": image,
                "image_url": image_url,
                "included": included,
                "reason": reason,
                "scores": scores,
            }
        )
        if auto_included is not UNSET:
            field_dict["auto_included"] = auto_included
        if override_by is not UNSET:
            field_dict["override_by"] = override_by
        if override_reason is not UNSET:
            field_dict["override_reason"] = override_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dataset_item_public_scores import DatasetItemPublicScores  # noqa: PLC0415

        d = dict(src_dict)
        candidate_url = d.pop("candidate_url")

        def _parse_caption(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        caption = _parse_caption(d.pop("caption"))

        def _parse_crop(data: object) -> list[int] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                crop_type_0 = cast(list[int], data)

                return crop_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None, data)

        crop = _parse_crop(d.pop("crop"))

        def _parse_detail(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        detail = _parse_detail(d.pop("detail"))

        file = d.pop("file")

        def _parse_image(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        image = _parse_image(d.pop("image"))

        def _parse_image_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        image_url = _parse_image_url(d.pop("image_url"))

        included = d.pop("included")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        scores = DatasetItemPublicScores.from_dict(d.pop("scores"))

        def _parse_auto_included(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        auto_included = _parse_auto_included(d.pop("auto_included", UNSET))

        def _parse_override_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        override_by = _parse_override_by(d.pop("override_by", UNSET))

        def _parse_override_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        override_reason = _parse_override_reason(d.pop("override_reason", UNSET))

        dataset_item_public = cls(
            candidate_url=candidate_url,
            caption=caption,
            crop=crop,
            detail=detail,
            file=file,
            image=image,
            image_url=image_url,
            included=included,
            reason=reason,
            scores=scores,
            auto_included=auto_included,
            override_by=override_by,
            override_reason=override_reason,
        )

        dataset_item_public.additional_properties = d
        return dataset_item_public

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
