from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.train_params import TrainParams


T = TypeVar("T", bound="TrainingCreate")


@_attrs_define
class TrainingCreate:
    """A LoRA training of a model, as `aistudio lora train` and the train-lora run form take it.

    Attributes:
        base (None | str | Unset): A base by name: a family's, or one from AISTUDIO_ALLOWED_BASES
        base_license (None | str | Unset):
        dataset_version (int | None | Unset): The dataset version (default: the newest)
        keep_checkpoints (int | Unset):  Default: 3.
        license_override (bool | Unset): Train a commercial model on a base not known to allow it Default: False.
        params (TrainParams | Unset): What a LoRA training run does, declared once: the CLI's options, the train-lora
            flow's
            run form and the API read these fields and their descriptions. None: the family's
            default (resolve fills it in); the same params, data and seed give the same weights.
        parts (None | str | Unset):
        unreviewed (bool | Unset): Train on captions nobody approved Default: False.
    """

    base: None | str | Unset = UNSET
    base_license: None | str | Unset = UNSET
    dataset_version: int | None | Unset = UNSET
    keep_checkpoints: int | Unset = 3
    license_override: bool | Unset = False
    params: TrainParams | Unset = UNSET
    parts: None | str | Unset = UNSET
    unreviewed: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        base: None | str | Unset
        if isinstance(self.base, Unset):
            base = UNSET
        else:
            base = self.base

        base_license: None | str | Unset
        if isinstance(self.base_license, Unset):
            base_license = UNSET
        else:
            base_license = self.base_license

        dataset_version: int | None | Unset
        if isinstance(self.dataset_version, Unset):
            dataset_version = UNSET
        else:
            dataset_version = self.dataset_version

        keep_checkpoints = self.keep_checkpoints

        license_override = self.license_override

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        parts: None | str | Unset
        if isinstance(self.parts, Unset):
            parts = UNSET
        else:
            parts = self.parts

        unreviewed = self.unreviewed

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if base is not UNSET:
            field_dict["base"] = base
        if base_license is not UNSET:
            field_dict["base_license"] = base_license
        if dataset_version is not UNSET:
            field_dict["dataset_version"] = dataset_version
        if keep_checkpoints is not UNSET:
            field_dict["keep_checkpoints"] = keep_checkpoints
        if license_override is not UNSET:
            field_dict["license_override"] = license_override
        if params is not UNSET:
            field_dict["params"] = params
        if parts is not UNSET:
            field_dict["parts"] = parts
        if unreviewed is not UNSET:
            field_dict["unreviewed"] = unreviewed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.train_params import TrainParams  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_base(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        base = _parse_base(d.pop("base", UNSET))

        def _parse_base_license(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        base_license = _parse_base_license(d.pop("base_license", UNSET))

        def _parse_dataset_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        dataset_version = _parse_dataset_version(d.pop("dataset_version", UNSET))

        keep_checkpoints = d.pop("keep_checkpoints", UNSET)

        license_override = d.pop("license_override", UNSET)

        _params = d.pop("params", UNSET)
        params: TrainParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = TrainParams.from_dict(_params)

        def _parse_parts(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parts = _parse_parts(d.pop("parts", UNSET))

        unreviewed = d.pop("unreviewed", UNSET)

        training_create = cls(
            base=base,
            base_license=base_license,
            dataset_version=dataset_version,
            keep_checkpoints=keep_checkpoints,
            license_override=license_override,
            params=params,
            parts=parts,
            unreviewed=unreviewed,
        )

        return training_create
