from typing import Literal

ModelCreateFamilyType0 = Literal["flux", "flux2-klein", "qwen-image", "sd15", "sdxl", "zimage"]

MODEL_CREATE_FAMILY_TYPE_0_VALUES: set[ModelCreateFamilyType0] = {
    "flux",
    "flux2-klein",
    "qwen-image",
    "sd15",
    "sdxl",
    "zimage",
}


def check_model_create_family_type_0(value: str) -> ModelCreateFamilyType0:
    if value in MODEL_CREATE_FAMILY_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {MODEL_CREATE_FAMILY_TYPE_0_VALUES!r}"
    )
