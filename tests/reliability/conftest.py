"""The e2e fixtures (a Prefect server on 127.0.0.1) for the reliability suite too."""

from tests.e2e.conftest import database, server

__all__ = ["database", "server"]
