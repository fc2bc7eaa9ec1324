from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.export_request_format_type_0 import (
    ExportRequestFormatType0,
    check_export_request_format_type_0,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ExportRequest")


@_attrs_define
class ExportRequest:
    """A file of a version in a chosen format and rank cap.

    Attributes:
        format_ (ExportRequestFormatType0 | None | Unset): Default: the family's own
        max_rank (int | None | Unset): Lower the rank to at most this (a job)
        step (int | None | Unset): Checkpoint (default: the best)
    """

    format_: ExportRequestFormatType0 | None | Unset = UNSET
    max_rank: int | None | Unset = UNSET
    step: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        format_: None | str | Unset
        if isinstance(self.format_, Unset):
            format_ = UNSET
        elif isinstance(self.format_, str):
            format_ = self.format_
        else:
            format_ = self.format_

        max_rank: int | None | Unset
        if isinstance(self.max_rank, Unset):
            max_rank = UNSET
        else:
            max_rank = self.max_rank

        step: int | None | Unset
        if isinstance(self.step, Unset):
            step = UNSET
        else:
            step = self.step

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if format_ is not UNSET:
            field_dict["format"] = format_
        if max_rank is not UNSET:
            field_dict["max_rank"] = max_rank
        if step is not UNSET:
            field_dict["step"] = step

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_format_(data: object) -> ExportRequestFormatType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                format_type_0 = check_export_request_format_type_0(data)

                return format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExportRequestFormatType0 | None | Unset, data)

        format_ = _parse_format_(d.pop("format", UNSET))

        def _parse_max_rank(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_rank = _parse_max_rank(d.pop("max_rank", UNSET))

        def _parse_step(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        step = _parse_step(d.pop("step", UNSET))

        export_request = cls(
            format_=format_,
            max_rank=max_rank,
            step=step,
        )

        return export_request
