from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.job_request_create_action import (
    JobRequestCreateAction,
    check_job_request_create_action,
)

T = TypeVar("T", bound="JobRequestCreate")


@_attrs_define
class JobRequestCreate:
    """Ask a running training for samples now, or a checkpoint now, at its next step.

    Attributes:
        action (JobRequestCreateAction):
    """

    action: JobRequestCreateAction

    def to_dict(self) -> dict[str, Any]:
        action: str = self.action

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = check_job_request_create_action(d.pop("action"))

        job_request_create = cls(
            action=action,
        )

        return job_request_create
