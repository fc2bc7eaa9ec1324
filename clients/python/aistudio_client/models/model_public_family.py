from typing import Literal

ModelPublicFamily = Literal["flux", "flux2-klein", "qwen-image", "sd15", "sdxl", "zimage"]

MODEL_PUBLIC_FAMILY_VALUES: set[ModelPublicFamily] = {
    "flux",
    "flux2-klein",
    "qwen-image",
    "sd15",
    "sdxl",
    "zimage",
}


def check_model_public_family(value: str) -> ModelPublicFamily:
    if value in MODEL_PUBLIC_FAMILY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MODEL_PUBLIC_FAMILY_VALUES!r}")
