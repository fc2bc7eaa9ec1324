"""The studio API served for real (uvicorn on 127.0.0.1, in a thread), for e2e tests."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

import uvicorn

from aistudio.api.app import create_app
from aistudio.api.settings import ApiSettings
from aistudio.studio import Studio
from tests.fakes.s3server import free_port


@contextlib.contextmanager
def serve_api(studio: Studio) -> Iterator[str]:
    """An API process over this studio (uvicorn, in a thread) on a free port; yields its URL."""
    port = free_port()
    api = uvicorn.Server(
        uvicorn.Config(
            create_app(studio.settings, ApiSettings()),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            ws="websockets-sansio",
        )
    )
    serving = threading.Thread(target=api.run, daemon=True)
    serving.start()
    try:
        while not api.started:
            assert serving.is_alive(), "the API did not start"
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        api.should_exit = True
        serving.join(30)
