from typing import Literal

JobCreateCategory = Literal["both", "nsfw", "sfw"]

JOB_CREATE_CATEGORY_VALUES: set[JobCreateCategory] = {
    "both",
    "nsfw",
    "sfw",
}


def check_job_create_category(value: str) -> JobCreateCategory:
    if value in JOB_CREATE_CATEGORY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {JOB_CREATE_CATEGORY_VALUES!r}")
