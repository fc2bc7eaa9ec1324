from typing import Literal

CaptionsGenerateCaptionerType0 = Literal[
    "blip", "blip2", "florence2", "joycaption", "qwen2.5-vl", "tagger"
]

CAPTIONS_GENERATE_CAPTIONER_TYPE_0_VALUES: set[CaptionsGenerateCaptionerType0] = {
    "blip",
    "blip2",
    "florence2",
    "joycaption",
    "qwen2.5-vl",
    "tagger",
}


def check_captions_generate_captioner_type_0(value: str) -> CaptionsGenerateCaptionerType0:
    if value in CAPTIONS_GENERATE_CAPTIONER_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CAPTIONS_GENERATE_CAPTIONER_TYPE_0_VALUES!r}"
    )
