from typing import Literal

ModelSettingsFamilyType0 = Literal["flux", "flux2-klein", "qwen-image", "sd15", "sdxl", "zimage"]

MODEL_SETTINGS_FAMILY_TYPE_0_VALUES: set[ModelSettingsFamilyType0] = {
    "flux",
    "flux2-klein",
    "qwen-image",
    "sd15",
    "sdxl",
    "zimage",
}


def check_model_settings_family_type_0(value: str) -> ModelSettingsFamilyType0:
    if value in MODEL_SETTINGS_FAMILY_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {MODEL_SETTINGS_FAMILY_TYPE_0_VALUES!r}"
    )
