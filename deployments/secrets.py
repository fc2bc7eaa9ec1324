"""Push secrets from .env to Prefect Secret blocks: `python -m deployments.secrets`.

Every secret found in the environment (or .env) is saved as a Secret block named aistudio-<name>
(tasks.secrets says which); prefect.yaml never holds a secret.
"""

from __future__ import annotations

import os
import sys

from tasks.secrets import push_secrets


def main() -> None:
    """Push secrets from the environment and .env to the Prefect API in use."""
    from dotenv import dotenv_values

    env = {k: v for k, v in dotenv_values(".env").items() if v is not None}
    env.update(os.environ)
    saved = push_secrets(env)
    print(f"saved {len(saved)} Secret blocks: {', '.join(saved) or '(none found)'}")
    sys.exit(0)


if __name__ == "__main__":
    main()
