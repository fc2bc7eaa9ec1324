"""How deliveries are sent (the API's settings fill these in), apart from the sender so that
settings import nothing heavy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Svix's schedule: after the first try, again 5 s, 5 min, 30 min, 2 h, 5 h and 10 h later.
BACKOFF = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0)


@dataclass(frozen=True)
class SendRules:
    """How deliveries are sent: waits between tries, the timeout, who may be posted to."""

    backoff: Sequence[float] = BACKOFF  # seconds before each retry; tries = 1 + len(backoff)
    timeout: float = 10.0
    allow_private: bool = True  # loopback and LAN receivers (refused in production)
    parallel: int = 4  # posts at once, so one slow receiver does not hold up the others
