from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.queue_entry import QueueEntry


T = TypeVar("T", bound="QueuePublic")


@_attrs_define
class QueuePublic:
    """A GPU pool's queue: how many run at once, what runs, what waits in which order.

    Attributes:
        pool (str):
        running (int): Jobs of the pool started and not finished
        slots (int | None): Jobs it runs at once (null: Prefect did not answer)
        waiting (list[QueueEntry]):
    """

    pool: str
    running: int
    slots: int | None
    waiting: list[QueueEntry]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pool = self.pool

        running = self.running

        slots: int | None
        slots = self.slots

        waiting = []
        for waiting_item_data in self.waiting:
            waiting_item = waiting_item_data.to_dict()
            waiting.append(waiting_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pool": pool,
                "running": running,
                "slots": slots,
                "waiting": waiting,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.queue_entry import QueueEntry  # noqa: PLC0415

        d = dict(src_dict)
        pool = d.pop("pool")

        running = d.pop("running")

        def _parse_slots(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        slots = _parse_slots(d.pop("slots"))

        waiting = []
        _waiting = d.pop("waiting")
        for waiting_item_data in _waiting:
            waiting_item = QueueEntry.from_dict(waiting_item_data)

            waiting.append(waiting_item)

        queue_public = cls(
            pool=pool,
            running=running,
            slots=slots,
            waiting=waiting,
        )

        queue_public.additional_properties = d
        return queue_public

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
