from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.run_cost_public_ops import RunCostPublicOps


T = TypeVar("T", bound="RunCostPublic")


@_attrs_define
class RunCostPublic:
    """One run's credits: estimated before it started, billed by the provider (the ledger).

    Attributes:
        credits_ (float): Billed: the sum of the ledger's rows for this run
        estimate_credits (float):
        ops (RunCostPublicOps): Charged operations by kind: swap, enhance
        run_id (str):
        status (str):
    """

    credits_: float
    estimate_credits: float
    ops: RunCostPublicOps
    run_id: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credits_ = self.credits_

        estimate_credits = self.estimate_credits

        ops = self.ops.to_dict()

        run_id = self.run_id

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "credits": credits_,
                "estimate_credits": estimate_credits,
                "ops": ops,
                "run_id": run_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_cost_public_ops import RunCostPublicOps  # noqa: PLC0415

        d = dict(src_dict)
        credits_ = d.pop("credits")

        estimate_credits = d.pop("estimate_credits")

        ops = RunCostPublicOps.from_dict(d.pop("ops"))

        run_id = d.pop("run_id")

        status = d.pop("status")

        run_cost_public = cls(
            credits_=credits_,
            estimate_credits=estimate_credits,
            ops=ops,
            run_id=run_id,
            status=status,
        )

        run_cost_public.additional_properties = d
        return run_cost_public

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
