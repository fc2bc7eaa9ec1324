"""Secrets for deployed runs: Prefect Secret blocks named aistudio-<name>, read by workers.

prefect.yaml never holds a secret; a worker whose environment lacks a variable reads it from its
block. Here (not in deployments/) because tasks load them and must not import deployments.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from prefect.blocks.system import Secret

# Block name -> environment variable it stands for.
SECRET_ENV: dict[str, str] = {
    "aistudio-aws-access-key-id": "AWS_ACCESS_KEY_ID",
    "aistudio-aws-secret-access-key": "AWS_SECRET_ACCESS_KEY",
    "aistudio-aws-session-token": "AWS_SESSION_TOKEN",
    "aistudio-maxstudio-api-key": "MAXSTUDIO_API_KEY",
}


def push_secrets(env: Mapping[str, str]) -> list[str]:
    """Save (overwrite) a Secret block for each secret present in env; returns block names."""
    saved = []
    for block, var in SECRET_ENV.items():
        value = env.get(var)
        if value:
            Secret(value=value).save(block, overwrite=True)
            saved.append(block)
    return saved


def load_secrets(environ: dict[str, str] | None = None) -> list[str]:
    """Fill missing secret variables from their blocks; returns the variables filled."""
    target = os.environ if environ is None else environ
    filled = []
    for block, var in SECRET_ENV.items():
        if target.get(var):
            continue
        try:
            secret = Secret.load(block)
        except ValueError:  # no such block: this secret is simply not configured
            continue
        assert isinstance(secret, Secret)  # the sync API returns the block itself
        target[var] = str(secret.get())
        filled.append(var)
    return filled
