from typing import Literal

JobRequestCreateAction = Literal["sample", "save"]

JOB_REQUEST_CREATE_ACTION_VALUES: set[JobRequestCreateAction] = {
    "sample",
    "save",
}


def check_job_request_create_action(value: str) -> JobRequestCreateAction:
    if value in JOB_REQUEST_CREATE_ACTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {JOB_REQUEST_CREATE_ACTION_VALUES!r}"
    )
