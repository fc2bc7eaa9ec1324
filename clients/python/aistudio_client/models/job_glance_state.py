from typing import Literal

JobGlanceState = Literal[
    "cancelled", "cancelling", "crashed", "failed", "queued", "running", "succeeded"
]

JOB_GLANCE_STATE_VALUES: set[JobGlanceState] = {
    "cancelled",
    "cancelling",
    "crashed",
    "failed",
    "queued",
    "running",
    "succeeded",
}


def check_job_glance_state(value: str) -> JobGlanceState:
    if value in JOB_GLANCE_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {JOB_GLANCE_STATE_VALUES!r}")
