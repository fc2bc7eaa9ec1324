from typing import Literal

TrainParamsBasePrecision = Literal["full", "int8"]

TRAIN_PARAMS_BASE_PRECISION_VALUES: set[TrainParamsBasePrecision] = {
    "full",
    "int8",
}


def check_train_params_base_precision(value: str) -> TrainParamsBasePrecision:
    if value in TRAIN_PARAMS_BASE_PRECISION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TRAIN_PARAMS_BASE_PRECISION_VALUES!r}"
    )
