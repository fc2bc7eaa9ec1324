from typing import Literal

TrainParamsFamilyType0 = Literal["flux", "flux2-klein", "qwen-image", "sd15", "sdxl", "zimage"]

TRAIN_PARAMS_FAMILY_TYPE_0_VALUES: set[TrainParamsFamilyType0] = {
    "flux",
    "flux2-klein",
    "qwen-image",
    "sd15",
    "sdxl",
    "zimage",
}


def check_train_params_family_type_0(value: str) -> TrainParamsFamilyType0:
    if value in TRAIN_PARAMS_FAMILY_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TRAIN_PARAMS_FAMILY_TYPE_0_VALUES!r}"
    )
