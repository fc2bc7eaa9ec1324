from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.dataset_options_family_type_0 import (
    DatasetOptionsFamilyType0,
    check_dataset_options_family_type_0,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="DatasetOptions")


@_attrs_define
class DatasetOptions:
    """What a dataset build chooses; None: the model's own setting.

    Attributes:
        family (DatasetOptionsFamilyType0 | None | Unset): Base family the crops are for: sd15, sdxl, flux, zimage,
            flux2-klein, qwen-image (default: the model's config, zimage for a new model)
        include_sources (bool | Unset): Also train on source photos (a few stay held out) Default: False.
        max_images (int | None | Unset): Images at most (default: the model's, 40)
    """

    family: DatasetOptionsFamilyType0 | None | Unset = UNSET
    include_sources: bool | Unset = False
    max_images: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        family: None | str | Unset
        if isinstance(self.family, Unset):
            family = UNSET
        elif isinstance(self.family, str):
            family = self.family
        else:
            family = self.family

        include_sources = self.include_sources

        max_images: int | None | Unset
        if isinstance(self.max_images, Unset):
            max_images = UNSET
        else:
            max_images = self.max_images

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if family is not UNSET:
            field_dict["family"] = family
        if include_sources is not UNSET:
            field_dict["include_sources"] = include_sources
        if max_images is not UNSET:
            field_dict["max_images"] = max_images

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_family(data: object) -> DatasetOptionsFamilyType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                family_type_0 = check_dataset_options_family_type_0(data)

                return family_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DatasetOptionsFamilyType0 | None | Unset, data)

        family = _parse_family(d.pop("family", UNSET))

        include_sources = d.pop("include_sources", UNSET)

        def _parse_max_images(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_images = _parse_max_images(d.pop("max_images", UNSET))

        dataset_options = cls(
            family=family,
            include_sources=include_sources,
            max_images=max_images,
        )

        return dataset_options
