from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lora_public_status import LoraPublicStatus, check_lora_public_status

if TYPE_CHECKING:
    from ..models.checkpoint_public import CheckpointPublic
    from ..models.lora_file import LoraFile
    from ..models.lora_public_params import LoraPublicParams


T = TypeVar("T", bound="LoraPublic")


@_attrs_define
class LoraPublic:
    """A LoRA version: what it learnt from and how, its checkpoints' scores, its file.

    Attributes:
        base (str): The base model: a hub id, or a local file's name
        base_hash (str):
        base_license (str):
        best_step (int | None):
        checkpoints (list[CheckpointPublic]): Oldest first
        consent_hash (None | str): The consent record its training checked
        created_at (datetime.datetime):
        dataset_hash (str):
        dataset_version (int):
        family (str):
        file (LoraFile | None): The published file (the best checkpoint)
        finished_at (datetime.datetime | None):
        model (str):
        params (LoraPublicParams): Every training parameter (GET /training/params)
        status (LoraPublicStatus):
        steps (int): Steps trained so far
        version (int):
        withdrawn (bool): Consent was revoked: not exported or served again
        withdrawn_at (datetime.datetime | None):
        withdrawn_reason (None | str):
    """

    base: str
    base_hash: str
    base_license: str
    best_step: int | None
    checkpoints: list[CheckpointPublic]
    consent_hash: None | str
    created_at: datetime.datetime
    dataset_hash: str
    dataset_version: int
    family: str
    file: LoraFile | None
    finished_at: datetime.datetime | None
    model: str
    params: LoraPublicParams
    status: LoraPublicStatus
    steps: int
    version: int
    withdrawn: bool
    withdrawn_at: datetime.datetime | None
    withdrawn_reason: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.lora_file import LoraFile  # noqa: PLC0415

        base = self.base

        base_hash = self.base_hash

        base_license = self.base_license

        best_step: int | None
        best_step = self.best_step

        checkpoints = []
        for checkpoints_item_data in self.checkpoints:
            checkpoints_item = checkpoints_item_data.to_dict()
            checkpoints.append(checkpoints_item)

        consent_hash: None | str
        consent_hash = self.consent_hash

        created_at = self.created_at.isoformat()

        dataset_hash = self.dataset_hash

        dataset_version = self.dataset_version

        family = self.family

        file: dict[str, Any] | None
        if isinstance(self.file, LoraFile):
            file = self.file.to_dict()
        else:
            file = self.file

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        model = self.model

        params = self.params.to_dict()

        status: str = self.status

        steps = self.steps

        version = self.version

        withdrawn = self.withdrawn

        withdrawn_at: None | str
        if isinstance(self.withdrawn_at, datetime.datetime):
            withdrawn_at = self.withdrawn_at.isoformat()
        else:
            withdrawn_at = self.withdrawn_at

        withdrawn_reason: None | str
        withdrawn_reason = self.withdrawn_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "base": base,
                "base_hash": base_hash,
                "base_license": base_license,
                "best_step": best_step,
                "checkpoints": checkpoints,
                "consent_hash": consent_hash,
                "created_at": created_at,
                "dataset_hash": dataset_hash,
                "dataset_version": dataset_version,
                "family": family,
                "file": file,
                "finished_at": finished_at,
                "model": model,
                "params": params,
                "status": status,
                "steps": steps,
                "version": version,
                "withdrawn": withdrawn,
                "withdrawn_at": withdrawn_at,
                "withdrawn_reason": withdrawn_reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.checkpoint_public import CheckpointPublic  # noqa: PLC0415
        from ..models.lora_file import LoraFile  # noqa: PLC0415
        from ..models.lora_public_params import LoraPublicParams  # noqa: PLC0415

        d = dict(src_dict)
        base = d.pop("base")

        base_hash = d.pop("base_hash")

        base_license = d.pop("base_license")

        def _parse_best_step(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        best_step = _parse_best_step(d.pop("best_step"))

        checkpoints = []
        _checkpoints = d.pop("checkpoints")
        for checkpoints_item_data in _checkpoints:
            checkpoints_item = CheckpointPublic.from_dict(checkpoints_item_data)

            checkpoints.append(checkpoints_item)

        def _parse_consent_hash(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        consent_hash = _parse_consent_hash(d.pop("consent_hash"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        dataset_hash = d.pop("dataset_hash")

        dataset_version = d.pop("dataset_version")

        family = d.pop("family")

        def _parse_file(data: object) -> LoraFile | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                file_type_0 = LoraFile.from_dict(data)

                return file_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LoraFile | None, data)

        file = _parse_file(d.pop("file"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        model = d.pop("model")

        params = LoraPublicParams.from_dict(d.pop("params"))

        status = check_lora_public_status(d.pop("status"))

        steps = d.pop("steps")

        version = d.pop("version")

        withdrawn = d.pop("withdrawn")

        def _parse_withdrawn_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                withdrawn_at_type_0 = datetime.datetime.fromisoformat(data)

                return withdrawn_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        withdrawn_at = _parse_withdrawn_at(d.pop("withdrawn_at"))

        def _parse_withdrawn_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        withdrawn_reason = _parse_withdrawn_reason(d.pop("withdrawn_reason"))

        lora_public = cls(
            base=base,
            base_hash=base_hash,
            base_license=base_license,
            best_step=best_step,
            checkpoints=checkpoints,
            consent_hash=consent_hash,
            created_at=created_at,
            dataset_hash=dataset_hash,
            dataset_version=dataset_version,
            family=family,
            file=file,
            finished_at=finished_at,
            model=model,
            params=params,
            status=status,
            steps=steps,
            version=version,
            withdrawn=withdrawn,
            withdrawn_at=withdrawn_at,
            withdrawn_reason=withdrawn_reason,
        )

        lora_public.additional_properties = d
        return lora_public

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
