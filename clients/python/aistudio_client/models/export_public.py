from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.export_public_state import ExportPublicState, check_export_public_state

if TYPE_CHECKING:
    from ..models.job_public import JobPublic
    from ..models.lora_file import LoraFile


T = TypeVar("T", bound="ExportPublic")


@_attrs_define
class ExportPublic:
    """An export: ready (its file), or being made by a job (then GET `url` once it is done).

    Attributes:
        file (LoraFile | None): The file, when ready
        job (JobPublic | None): The job resizing it, when exporting
        state (ExportPublicState):
        url (str): Where the file is downloaded, now or once the job is done
    """

    file: LoraFile | None
    job: JobPublic | None
    state: ExportPublicState
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.job_public import JobPublic  # noqa: PLC0415
        from ..models.lora_file import LoraFile  # noqa: PLC0415

        file: dict[str, Any] | None
        if isinstance(self.file, LoraFile):
            file = self.file.to_dict()
        else:
            file = self.file

        job: dict[str, Any] | None
        if isinstance(self.job, JobPublic):
            job = self.job.to_dict()
        else:
            job = self.job

        state: str = self.state

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
                "job": job,
                "state": state,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_public import JobPublic  # noqa: PLC0415
        from ..models.lora_file import LoraFile  # noqa: PLC0415

        d = dict(src_dict)

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

        def _parse_job(data: object) -> JobPublic | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                job_type_0 = JobPublic.from_dict(data)

                return job_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobPublic | None, data)

        job = _parse_job(d.pop("job"))

        state = check_export_public_state(d.pop("state"))

        url = d.pop("url")

        export_public = cls(
            file=file,
            job=job,
            state=state,
            url=url,
        )

        export_public.additional_properties = d
        return export_public

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
