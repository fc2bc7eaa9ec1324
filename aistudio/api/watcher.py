"""The watcher: a daemon thread of the API process that, every few seconds, brings jobs up to
date with Prefect (and starts what the GPU queues can) and sends the webhooks that are due."""

from __future__ import annotations

import logging
import threading

import httpx

from aistudio.api import jobs
from aistudio.api.prefect_api import PrefectApi, PrefectError
from aistudio.api.settings import ApiSettings
from aistudio.studio import Studio
from aistudio.webhooks.sender import deliver_due

log = logging.getLogger(__name__)


class Watcher:
    """Ticks every `settings.watch_seconds` until stopped; a tick's errors are logged, and the
    next tick comes all the same."""

    def __init__(
        self,
        studio: Studio,
        settings: ApiSettings,
        client: httpx.Client | None = None,
        prefect: PrefectApi | None = None,
    ) -> None:
        self.studio = studio
        self.settings = settings
        self.client = client or httpx.Client()  # for webhooks
        self._prefect = prefect  # the app's, when it has one; else made on first use
        self._own_prefect = prefect is None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.ticks = 0

    def start(self) -> None:
        """Start ticking (not at all when watch_seconds is 0)."""
        if self.settings.watch_seconds <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="aistudio-watcher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the tick under way, and close the webhook client."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.client.close()
        if self._prefect is not None and self._own_prefect:
            self._prefect.close()

    def prefect(self) -> PrefectApi | None:
        """This thread's Prefect client, made on first use; None without a server."""
        if self._prefect is None:
            try:
                self._prefect = PrefectApi()
            except PrefectError:  # no PREFECT_API_URL: no jobs to refresh
                return None
        return self._prefect

    def _run(self) -> None:
        while not self._stop.is_set():
            self.tick()
            self._stop.wait(self.settings.watch_seconds)

    def tick(self) -> None:
        """Refresh jobs in flight, then send due webhooks (the state changes just seen too)."""
        try:
            prefect = self.prefect()
            if prefect is not None:
                jobs.refresh_all(self.studio, prefect)
        except Exception:  # a tick that fails must not end the thread
            log.exception("watcher: refreshing jobs failed")
        try:
            deliver_due(self.studio, self.client, rules=self.settings.webhook_rules)
        except Exception:
            log.exception("watcher: sending webhooks failed")
        self.ticks += 1
