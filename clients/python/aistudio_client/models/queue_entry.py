from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.job_public import JobPublic


T = TypeVar("T", bound="QueueEntry")


@_attrs_define
class QueueEntry:
    """A waiting job and its place; another user's job shows only its place.

    Attributes:
        job (JobPublic | None): Null: another user's job
        place (int):
    """

    job: JobPublic | None
    place: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.job_public import JobPublic  # noqa: PLC0415

        job: dict[str, Any] | None
        if isinstance(self.job, JobPublic):
            job = self.job.to_dict()
        else:
            job = self.job

        place = self.place

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job": job,
                "place": place,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_public import JobPublic  # noqa: PLC0415

        d = dict(src_dict)

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

        place = d.pop("place")

        queue_entry = cls(
            job=job,
            place=place,
        )

        queue_entry.additional_properties = d
        return queue_entry

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
