from typing import Literal

JobPublicState = Literal[
    "cancelled", "cancelling", "crashed", "failed", "queued", "running", "succeeded"
]

JOB_PUBLIC_STATE_VALUES: set[JobPublicState] = {
    "cancelled",
    "cancelling",
    "crashed",
    "failed",
    "queued",
    "running",
    "succeeded",
}


def check_job_public_state(value: str) -> JobPublicState:
    if value in JOB_PUBLIC_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {JOB_PUBLIC_STATE_VALUES!r}")
