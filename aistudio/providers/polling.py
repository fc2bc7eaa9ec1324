"""When to poll a remote job: near its expected completion, learnt from the jobs before it.

A fixed or growing interval is late by up to a whole interval whatever the job takes; polling
first at 90% of the latency observed so far, then in steps of 5% of it, keeps lateness a small
fraction of a job at any latency with two to four polls a job.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable

MIN_STEP = 0.05  # s: never poll faster than this
FIRST = 0.9  # of the expected latency
STEP = 0.05  # of the expected latency
UNKNOWN_STEP = 0.2  # of the time waited, while no job of the kind has finished
WEIGHT = 0.3  # of each new observation in the running mean
# A job already done at its first poll may have finished long before: the mean is pulled below
# that poll, so later first polls move earlier until one finds the job still running.
PROBE = 0.75


class Latency:
    """What jobs of one kind took lately (seconds from submit to completion), per process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._mean: dict[Hashable, float] = {}

    def expected(self, kind: Hashable) -> float | None:
        """The running mean, or None before the first completed job."""
        with self._lock:
            return self._mean.get(kind)

    def observe(self, kind: Hashable, seconds: float) -> None:
        """Fold one job's latency in."""
        with self._lock:
            old = self._mean.get(kind)
            self._mean[kind] = seconds if old is None else old + WEIGHT * (seconds - old)

    def observe_done_by(self, kind: Hashable, seconds: float) -> None:
        """Fold in a job found done at its first poll, `seconds` after its submit."""
        self.observe(kind, PROBE * seconds)


class Schedule:
    """The delays between one job's polls."""

    def __init__(self, expected: float | None, first: float, max_step: float) -> None:
        self.expected, self.first, self.max_step = expected, first, max_step

    def next_delay(self, elapsed: float) -> float:
        """Seconds to wait before the next poll, `elapsed` seconds after the submit."""
        if self.expected is None:
            # Nothing known yet: `first`, then gaps of a fifth of the time waited so far (at
            # least half of `first`), so the first jobs are late by a fifth at most.
            if elapsed <= 0:
                return min(self.max_step, self.first)
            return min(self.max_step, max(self.first / 2, UNKNOWN_STEP * elapsed))
        if elapsed < FIRST * self.expected:
            return FIRST * self.expected - elapsed
        return min(self.max_step, max(MIN_STEP, STEP * self.expected))


latency = Latency()
