from typing import Literal

DatasetOptionsFamilyType0 = Literal["flux", "flux2-klein", "qwen-image", "sd15", "sdxl", "zimage"]

DATASET_OPTIONS_FAMILY_TYPE_0_VALUES: set[DatasetOptionsFamilyType0] = {
    "flux",
    "flux2-klein",
    "qwen-image",
    "sd15",
    "sdxl",
    "zimage",
}


def check_dataset_options_family_type_0(value: str) -> DatasetOptionsFamilyType0:
    if value in DATASET_OPTIONS_FAMILY_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {DATASET_OPTIONS_FAMILY_TYPE_0_VALUES!r}"
    )
