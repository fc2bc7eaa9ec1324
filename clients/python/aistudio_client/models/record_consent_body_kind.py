from typing import Literal

RecordConsentBodyKind = Literal["real-person", "synthetic"]

RECORD_CONSENT_BODY_KIND_VALUES: set[RecordConsentBodyKind] = {
    "real-person",
    "synthetic",
}


def check_record_consent_body_kind(value: str) -> RecordConsentBodyKind:
    if value in RECORD_CONSENT_BODY_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {RECORD_CONSENT_BODY_KIND_VALUES!r}"
    )
