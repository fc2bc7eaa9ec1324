"""MaxStudio settings (MAXSTUDIO_*): the contract's unknowns are all configurable here."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class MaxStudioSettings(BaseSettings):
    """Client settings; the key is a SecretStr so it never prints."""

    model_config = SettingsConfigDict(env_prefix="MAXSTUDIO_", env_file=".env", extra="ignore")

    api_key: SecretStr | None = None
    base_url: str = "https://api.maxstudio.ai"
    max_concurrent: int = Field(default=4, ge=1, le=256, description="Jobs in flight at once")
    swap_credits: float = Field(default=10.0, ge=0)
    enhance_credits: float = Field(default=2.0, ge=0)
    bill_failed_jobs: bool = Field(default=False, description="Whether a failed job is charged")
    max_attempts: int = Field(default=3, ge=1, description="Submitted jobs per pair and operation")
    poll_interval: float = Field(
        default=0.5, gt=0, description="First poll delay (s) until a job's latency is known"
    )
    poll_max_interval: float = Field(default=5.0, gt=0, description="Longest gap between polls")
    job_timeout: float = Field(default=360.0, gt=0, description="Give up on a job after (s)")
    request_timeout: float = Field(default=60.0, gt=0)
    http_retries: int = Field(default=5, ge=0, description="Fast retries of 429/5xx/transport")
    max_image_bytes: int = Field(default=5_000_000, ge=1)
    allow_http: bool = Field(
        default=False,
        description="Allow a plain http:// base URL to another host (the key travels in clear)",
    )
