from typing import Literal

WebhookUpdateEventsType0Item = Literal[
    "*", "checkpoint.ready", "consent.revoked", "job.state", "lora.published"
]

WEBHOOK_UPDATE_EVENTS_TYPE_0_ITEM_VALUES: set[WebhookUpdateEventsType0Item] = {
    "*",
    "checkpoint.ready",
    "consent.revoked",
    "job.state",
    "lora.published",
}


def check_webhook_update_events_type_0_item(value: str) -> WebhookUpdateEventsType0Item:
    if value in WEBHOOK_UPDATE_EVENTS_TYPE_0_ITEM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {WEBHOOK_UPDATE_EVENTS_TYPE_0_ITEM_VALUES!r}"
    )
