from typing import Literal

FileVerdictVerdict = Literal["duplicate", "imported", "rejected"]

FILE_VERDICT_VERDICT_VALUES: set[FileVerdictVerdict] = {
    "duplicate",
    "imported",
    "rejected",
}


def check_file_verdict_verdict(value: str) -> FileVerdictVerdict:
    if value in FILE_VERDICT_VERDICT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FILE_VERDICT_VERDICT_VALUES!r}")
