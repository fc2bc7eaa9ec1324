from typing import Literal

LoraCheckPublicConsent = Literal["in force", "none", "revoked", "superseded", "unknown"]

LORA_CHECK_PUBLIC_CONSENT_VALUES: set[LoraCheckPublicConsent] = {
    "in force",
    "none",
    "revoked",
    "superseded",
    "unknown",
}


def check_lora_check_public_consent(value: str) -> LoraCheckPublicConsent:
    if value in LORA_CHECK_PUBLIC_CONSENT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LORA_CHECK_PUBLIC_CONSENT_VALUES!r}"
    )
