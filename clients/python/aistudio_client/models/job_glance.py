from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_glance_state import JobGlanceState, check_job_glance_state
from ..types import UNSET, Unset

T = TypeVar("T", bound="JobGlance")


@_attrs_define
class JobGlance:
    """A model's newest job in flight, as its card shows it.

    Attributes:
        id (str):
        kind (str): process, dataset, captions, train
        pairs_done (int):
        pairs_total (int | None): null until a processing run plans its pairs
        state (JobGlanceState):
        prefect_url (None | str | Unset): Its flow run in the Prefect UI
    """

    id: str
    kind: str
    pairs_done: int
    pairs_total: int | None
    state: JobGlanceState
    prefect_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind

        pairs_done = self.pairs_done

        pairs_total: int | None
        pairs_total = self.pairs_total

        state: str = self.state

        prefect_url: None | str | Unset
        if isinstance(self.prefect_url, Unset):
            prefect_url = UNSET
        else:
            prefect_url = self.prefect_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "pairs_done": pairs_done,
                "pairs_total": pairs_total,
                "state": state,
            }
        )
        if prefect_url is not UNSET:
            field_dict["prefect_url"] = prefect_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        pairs_done = d.pop("pairs_done")

        def _parse_pairs_total(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        pairs_total = _parse_pairs_total(d.pop("pairs_total"))

        state = check_job_glance_state(d.pop("state"))

        def _parse_prefect_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prefect_url = _parse_prefect_url(d.pop("prefect_url", UNSET))

        job_glance = cls(
            id=id,
            kind=kind,
            pairs_done=pairs_done,
            pairs_total=pairs_total,
            state=state,
            prefect_url=prefect_url,
        )

        job_glance.additional_properties = d
        return job_glance

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
