"""Helpers for operating deployments (work pools, concurrency limits, Secret blocks)."""
