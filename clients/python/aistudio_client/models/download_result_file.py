from typing import Literal

DownloadResultFile = Literal["enhanced", "swapped", "target"]

DOWNLOAD_RESULT_FILE_VALUES: set[DownloadResultFile] = {
    "enhanced",
    "swapped",
    "target",
}


def check_download_result_file(value: str) -> DownloadResultFile:
    if value in DOWNLOAD_RESULT_FILE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DOWNLOAD_RESULT_FILE_VALUES!r}")
