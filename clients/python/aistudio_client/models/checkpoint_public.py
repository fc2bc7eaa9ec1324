from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.checkpoint_public_metrics import CheckpointPublicMetrics


T = TypeVar("T", bound="CheckpointPublic")


@_attrs_define
class CheckpointPublic:
    """One checkpoint of a training: its scores and the samples drawn at it.

    Attributes:
        best (bool): The checkpoint the version's file is made from
        metrics (CheckpointPublicMetrics): By name: loss, face_rate (share of samples with a face), identity (cosine to
            the held-out photos), drift, bleed (the person in prompts without the trigger), clip (prompt fidelity); null
            where not measured
        samples (list[str]): URLs of its sample images (JPEG, marked as AI-made): the trigger's prompts, then the
            prompts without it
        step (int):
    """

    best: bool
    metrics: CheckpointPublicMetrics
    samples: list[str]
    step: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        best = self.best

        metrics = self.metrics.to_dict()

        samples = self.samples

        step = self.step

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "best": best,
                "metrics": metrics,
                "samples": samples,
                "step": step,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.checkpoint_public_metrics import CheckpointPublicMetrics  # noqa: PLC0415

        d = dict(src_dict)
        best = d.pop("best")

        metrics = CheckpointPublicMetrics.from_dict(d.pop("metrics"))

        samples = cast(list[str], d.pop("samples"))

        step = d.pop("step")

        checkpoint_public = cls(
            best=best,
            metrics=metrics,
            samples=samples,
            step=step,
        )

        checkpoint_public.additional_properties = d
        return checkpoint_public

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
