from typing import Literal

TrainParamsOptimizer = Literal["adamw", "adamw8bit"]

TRAIN_PARAMS_OPTIMIZER_VALUES: set[TrainParamsOptimizer] = {
    "adamw",
    "adamw8bit",
}


def check_train_params_optimizer(value: str) -> TrainParamsOptimizer:
    if value in TRAIN_PARAMS_OPTIMIZER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TRAIN_PARAMS_OPTIMIZER_VALUES!r}"
    )
