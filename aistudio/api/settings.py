"""The API's settings (AISTUDIO_API_*), checked for placeholder secrets outside development."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, NonNegativeFloat, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from aistudio.core.config import MB, Settings
from aistudio.webhooks.rules import BACKOFF, SendRules

# Values that only ever appear in examples: a studio on a network must not run with them.
PLACEHOLDERS = frozenset(
    {"changethis", "changeme", "change-me", "secret", "password", "admin", "minioadmin",
     "postgres", "test", "example", "xxx"}
)  # fmt: skip


class ApiSettings(BaseSettings):
    """How the API serves: limits, budgets and cookies."""

    model_config = SettingsConfigDict(env_prefix="AISTUDIO_API_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = Field(
        default="development",
        description="production: Secure cookies, and placeholder secrets refuse to start",
    )
    cookie_secure: bool | None = Field(
        default=None, description="Send the session cookie over HTTPS only (default: production)"
    )
    session_hours: float = Field(default=12, gt=0, le=24 * 30, description="Browser sign-in life")
    upload_max_bytes: int = Field(
        default=50 * MB, ge=10_000, description="Largest photo or release file one upload takes"
    )
    upload_max_files: int = Field(default=100, ge=1, le=1000, description="Files per request")
    lora_max_bytes: int = Field(
        default=1000 * MB, ge=10_000, description="Largest LoRA file POST /loras/verify takes"
    )
    key_requests: int = Field(
        default=1200, ge=1, description="Requests one API key or session may make per window"
    )
    key_window: int = Field(default=60, ge=1, le=3600, description="That window, in seconds")
    login_failures: int = Field(
        default=5, ge=1, description="Failed sign-ins per name or address per failure window"
    )
    key_guesses: int = Field(
        default=20, ge=1, description="Invalid keys or cookies per address per failure window"
    )
    failure_window: int = Field(default=300, ge=1, description="Seconds failures are counted")
    jobs_in_flight: int = Field(
        default=3, ge=1, le=100, description="Jobs one user may have queued or running at once"
    )
    ticket_seconds: int = Field(
        default=300, ge=10, le=3600, description="Life of an event-stream ticket"
    )
    watch_seconds: float = Field(
        default=2,
        ge=0,
        le=3600,
        description="How often the watcher refreshes jobs and sends due webhooks (0: never)",
    )
    webhook_backoff: list[NonNegativeFloat] = Field(
        default_factory=lambda: list(BACKOFF),
        max_length=20,
        description="Seconds before each webhook retry, as JSON (tries: one more than these)",
    )
    webhook_timeout: float = Field(
        default=10, gt=0, le=60, description="Seconds a webhook receiver has to answer"
    )
    webhook_private: bool = Field(
        default=False,
        description="In production, post webhooks to loopback, private and link-local addresses",
    )
    web_dir: Path | None = Field(
        default=None, description="The web studio's build (default: the checkout's web/dist)"
    )
    prefect_ui_url: str | None = Field(
        default=None,
        description="Where people open the Prefect UI (default: PREFECT_API_URL without /api)",
    )

    @property
    def secure_cookies(self) -> bool:
        return self.cookie_secure if self.cookie_secure is not None else self.production

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def webhook_rules(self) -> SendRules:
        """How the sender posts: this backoff and timeout; private receivers outside production
        (or when allowed)."""
        return SendRules(
            backoff=tuple(self.webhook_backoff),
            timeout=self.webhook_timeout,
            allow_private=self.webhook_private or not self.production,
        )

    @model_validator(mode="after")
    def _no_placeholders(self) -> ApiSettings:
        if self.production:
            refuse_placeholders(Settings())
        return self


def _secrets(studio: Settings) -> dict[str, str]:
    """The secrets a studio may be configured with, by the variable that sets them."""
    found = {
        name: os.environ.get(name, "") for name in ("MAXSTUDIO_API_KEY", "AWS_SECRET_ACCESS_KEY")
    }
    auth = os.environ.get("PREFECT_API_AUTH_STRING", "")
    found["PREFECT_API_AUTH_STRING"] = auth.partition(":")[2]
    if studio.database_url:
        found["AISTUDIO_DATABASE_URL"] = urlsplit(studio.database_url).password or ""
    return {k: v for k, v in found.items() if v}


def refuse_placeholders(studio: Settings) -> None:
    """Raise ValueError naming the first secret that is a known placeholder."""
    for name, value in _secrets(studio).items():
        if value.lower() in PLACEHOLDERS:
            raise ValueError(
                f"{name} is the placeholder {value!r}: set a real secret, or "
                "AISTUDIO_API_ENVIRONMENT=development for a studio only you can reach"
            )
