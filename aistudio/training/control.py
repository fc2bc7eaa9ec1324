"""A training's link to its API job: what a person asks for while it runs."""

from __future__ import annotations

import logging
import time

from aistudio.db import requests
from aistudio.studio import Studio

logger = logging.getLogger(__name__)


class JobRequests:
    """The job's open requests ("sample", "save"), read from the store at most every `every`
    seconds (a step can take milliseconds on a tiny model)."""

    def __init__(self, studio: Studio, job_id: str, every: float = 1.0) -> None:
        self.studio, self.job_id, self.every = studio, job_id, every
        self.at = float("-inf")

    def __call__(self, step: int) -> set[str]:
        now = time.monotonic()
        if now - self.at < self.every:
            return set()
        self.at = now
        try:
            with self.studio.session() as session:
                asked = requests.take(session, self.job_id, step)
        except Exception as exc:  # a busy store must not end hours of training
            logger.warning("requests of job %s not read (%s)", self.job_id, exc)
            return set()
        if asked:
            logger.info("job %s asked for %s at step %d", self.job_id, sorted(asked), step)
        return asked
