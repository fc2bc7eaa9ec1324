from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_created_state import JobCreatedState, check_job_created_state
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_created_params import JobCreatedParams
    from ..models.job_created_progress_type_0 import JobCreatedProgressType0


T = TypeVar("T", bound="JobCreated")


@_attrs_define
class JobCreated:
    """A job just started (or the one an earlier request with this Idempotency-Key started).

    Attributes:
        attempt (int): 1, then +1 for each retry
        created_at (datetime.datetime):
        credits_ (float): Credits billed by this job's runs so far
        estimate_credits (float | None):
        finished_at (datetime.datetime | None):
        id (str):
        kind (str):
        model (str):
        pairs_done (int):
        pairs_total (int | None): null until the run has planned its pairs
        params (JobCreatedParams):
        prefect_url (None | str): The flow run in the Prefect UI
        run_id (None | str):
        state (JobCreatedState):
        state_message (None | str):
        updated_at (datetime.datetime):
        place (int | None | Unset): Its place in its pool queue (1: next); null once started
        pool (None | str | Unset): The GPU pool whose queue it waits in
        progress (JobCreatedProgressType0 | None | Unset): The latest progress event's data (training: step, loss, eta)
    """

    attempt: int
    created_at: datetime.datetime
    credits_: float
    estimate_credits: float | None
    finished_at: datetime.datetime | None
    id: str
    kind: str
    model: str
    pairs_done: int
    pairs_total: int | None
    params: JobCreatedParams
    prefect_url: None | str
    run_id: None | str
    state: JobCreatedState
    state_message: None | str
    updated_at: datetime.datetime
    place: int | None | Unset = UNSET
    pool: None | str | Unset = UNSET
    progress: JobCreatedProgressType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.job_created_progress_type_0 import JobCreatedProgressType0  # noqa: PLC0415

        attempt = self.attempt

        created_at = self.created_at.isoformat()

        credits_ = self.credits_

        estimate_credits: float | None
        estimate_credits = self.estimate_credits

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        id = self.id

        kind = self.kind

        model = self.model

        pairs_done = self.pairs_done

        pairs_total: int | None
        pairs_total = self.pairs_total

        params = self.params.to_dict()

        prefect_url: None | str
        prefect_url = self.prefect_url

        run_id: None | str
        run_id = self.run_id

        state: str = self.state

        state_message: None | str
        state_message = self.state_message

        updated_at = self.updated_at.isoformat()

        place: int | None | Unset
        if isinstance(self.place, Unset):
            place = UNSET
        else:
            place = self.place

        pool: None | str | Unset
        if isinstance(self.pool, Unset):
            pool = UNSET
        else:
            pool = self.pool

        progress: dict[str, Any] | None | Unset
        if isinstance(self.progress, Unset):
            progress = UNSET
        elif isinstance(self.progress, JobCreatedProgressType0):
            progress = self.progress.to_dict()
        else:
            progress = self.progress

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempt": attempt,
                "created_at": created_at,
                "credits": credits_,
                "estimate_credits": estimate_credits,
                "finished_at": finished_at,
                "id": id,
                "kind": kind,
                "model": model,
                "pairs_done": pairs_done,
                "pairs_total": pairs_total,
                "params": params,
                "prefect_url": prefect_url,
                "run_id": run_id,
                "state": state,
                "state_message": state_message,
                "updated_at": updated_at,
            }
        )
        if place is not UNSET:
            field_dict["place"] = place
        if pool is not UNSET:
            field_dict["pool"] = pool
        if progress is not UNSET:
            field_dict["progress"] = progress

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_created_params import JobCreatedParams  # noqa: PLC0415
        from ..models.job_created_progress_type_0 import JobCreatedProgressType0  # noqa: PLC0415

        d = dict(src_dict)
        attempt = d.pop("attempt")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        credits_ = d.pop("credits")

        def _parse_estimate_credits(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        estimate_credits = _parse_estimate_credits(d.pop("estimate_credits"))

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

        id = d.pop("id")

        kind = d.pop("kind")

        model = d.pop("model")

        pairs_done = d.pop("pairs_done")

        def _parse_pairs_total(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        pairs_total = _parse_pairs_total(d.pop("pairs_total"))

        params = JobCreatedParams.from_dict(d.pop("params"))

        def _parse_prefect_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        prefect_url = _parse_prefect_url(d.pop("prefect_url"))

        def _parse_run_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        run_id = _parse_run_id(d.pop("run_id"))

        state = check_job_created_state(d.pop("state"))

        def _parse_state_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        state_message = _parse_state_message(d.pop("state_message"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_place(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        place = _parse_place(d.pop("place", UNSET))

        def _parse_pool(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pool = _parse_pool(d.pop("pool", UNSET))

        def _parse_progress(data: object) -> JobCreatedProgressType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                progress_type_0 = JobCreatedProgressType0.from_dict(data)

                return progress_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobCreatedProgressType0 | None | Unset, data)

        progress = _parse_progress(d.pop("progress", UNSET))

        job_created = cls(
            attempt=attempt,
            created_at=created_at,
            credits_=credits_,
            estimate_credits=estimate_credits,
            finished_at=finished_at,
            id=id,
            kind=kind,
            model=model,
            pairs_done=pairs_done,
            pairs_total=pairs_total,
            params=params,
            prefect_url=prefect_url,
            run_id=run_id,
            state=state,
            state_message=state_message,
            updated_at=updated_at,
            place=place,
            pool=pool,
            progress=progress,
        )

        job_created.additional_properties = d
        return job_created

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
