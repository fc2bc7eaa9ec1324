from typing import Literal

JobCreatedState = Literal[
    "cancelled", "cancelling", "crashed", "failed", "queued", "running", "succeeded"
]

JOB_CREATED_STATE_VALUES: set[JobCreatedState] = {
    "cancelled",
    "cancelling",
    "crashed",
    "failed",
    "queued",
    "running",
    "succeeded",
}


def check_job_created_state(value: str) -> JobCreatedState:
    if value in JOB_CREATED_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {JOB_CREATED_STATE_VALUES!r}")
