from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.train_params import TrainParams


T = TypeVar("T", bound="TrainingClone")


@_attrs_define
class TrainingClone:
    """What changes from the training cloned; everything else is as it was.

    Attributes:
        dataset_version (int | None | Unset):
        params (None | TrainParams | Unset): Only the fields set here change
    """

    dataset_version: int | None | Unset = UNSET
    params: None | TrainParams | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.train_params import TrainParams  # noqa: PLC0415

        dataset_version: int | None | Unset
        if isinstance(self.dataset_version, Unset):
            dataset_version = UNSET
        else:
            dataset_version = self.dataset_version

        params: dict[str, Any] | None | Unset
        if isinstance(self.params, Unset):
            params = UNSET
        elif isinstance(self.params, TrainParams):
            params = self.params.to_dict()
        else:
            params = self.params

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if dataset_version is not UNSET:
            field_dict["dataset_version"] = dataset_version
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.train_params import TrainParams  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_dataset_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        dataset_version = _parse_dataset_version(d.pop("dataset_version", UNSET))

        def _parse_params(data: object) -> None | TrainParams | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                params_type_0 = TrainParams.from_dict(data)

                return params_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TrainParams | Unset, data)

        params = _parse_params(d.pop("params", UNSET))

        training_clone = cls(
            dataset_version=dataset_version,
            params=params,
        )

        return training_clone
