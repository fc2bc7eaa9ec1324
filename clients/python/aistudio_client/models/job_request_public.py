from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="JobRequestPublic")


@_attrs_define
class JobRequestPublic:
    """A request as stored; done_step is the step that honoured it.

    Attributes:
        action (str):
        done_step (int | None):
        id (int):
        job_id (str):
    """

    action: str
    done_step: int | None
    id: int
    job_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        done_step: int | None
        done_step = self.done_step

        id = self.id

        job_id = self.job_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "done_step": done_step,
                "id": id,
                "job_id": job_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = d.pop("action")

        def _parse_done_step(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        done_step = _parse_done_step(d.pop("done_step"))

        id = d.pop("id")

        job_id = d.pop("job_id")

        job_request_public = cls(
            action=action,
            done_step=done_step,
            id=id,
            job_id=job_id,
        )

        job_request_public.additional_properties = d
        return job_request_public

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
