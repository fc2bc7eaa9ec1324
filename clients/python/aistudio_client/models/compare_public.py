from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.compare_row import CompareRow


T = TypeVar("T", bound="ComparePublic")


@_attrs_define
class ComparePublic:
    """The numbers of two or more versions and the grid of their samples.

    Attributes:
        grid_url (str): GET it: the PNG grid (a row a version, same prompts)
        model (str):
        rows (list[CompareRow]):
    """

    grid_url: str
    model: str
    rows: list[CompareRow]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grid_url = self.grid_url

        model = self.model

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grid_url": grid_url,
                "model": model,
                "rows": rows,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.compare_row import CompareRow  # noqa: PLC0415

        d = dict(src_dict)
        grid_url = d.pop("grid_url")

        model = d.pop("model")

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = CompareRow.from_dict(rows_item_data)

            rows.append(rows_item)

        compare_public = cls(
            grid_url=grid_url,
            model=model,
            rows=rows,
        )

        compare_public.additional_properties = d
        return compare_public

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
