from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.file_verdict import FileVerdict


T = TypeVar("T", bound="UploadReport")


@_attrs_define
class UploadReport:
    """The verdict on every file of an upload, in the order sent.

    Attributes:
        duplicates (int):
        files (list[FileVerdict]):
        imported (int):
        rejected (int):
    """

    duplicates: int
    files: list[FileVerdict]
    imported: int
    rejected: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        duplicates = self.duplicates

        files = []
        for files_item_data in self.files:
            files_item = files_item_data.to_dict()
            files.append(files_item)

        imported = self.imported

        rejected = self.rejected

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "duplicates": duplicates,
                "files": files,
                "imported": imported,
                "rejected": rejected,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_verdict import FileVerdict  # noqa: PLC0415

        d = dict(src_dict)
        duplicates = d.pop("duplicates")

        files = []
        _files = d.pop("files")
        for files_item_data in _files:
            files_item = FileVerdict.from_dict(files_item_data)

            files.append(files_item)

        imported = d.pop("imported")

        rejected = d.pop("rejected")

        upload_report = cls(
            duplicates=duplicates,
            files=files,
            imported=imported,
            rejected=rejected,
        )

        upload_report.additional_properties = d
        return upload_report

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
