"""Job limits shared beyond this process (several workers on one paid account).

The library cannot reach an orchestrator itself; whoever runs it (the Prefect tasks, say)
plugs in a slot factory per limit name. Without one, only the in-process limit applies.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

MAXSTUDIO_JOBS = "maxstudio-jobs"  # one MaxStudio account's concurrent job limit

SlotFactory = Callable[[str], AbstractContextManager[object]]
_factories: dict[str, SlotFactory] = {}
_lock = threading.Lock()


def share_limit(name: str, factory: SlotFactory | None) -> None:
    """Take a slot of limit `name` from `factory(name)` around each job (None: stop sharing)."""
    with _lock:
        if factory is None:
            _factories.pop(name, None)
        else:
            _factories[name] = factory


def shared_slot(name: str) -> AbstractContextManager[object]:
    """A slot of the shared limit `name`, held for one job; a no-op when none is plugged in."""
    with _lock:
        factory = _factories.get(name)
    return factory(name) if factory is not None else nullcontext()
