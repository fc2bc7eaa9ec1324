"""Process helpers for the tests that kill workers."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess

import psutil


def kill_machine(worker: subprocess.Popen[bytes]) -> int:
    """SIGKILL the worker and every process under it, as a power cut would; returns how many."""
    procs = [psutil.Process(worker.pid), *psutil.Process(worker.pid).children(recursive=True)]
    os.killpg(worker.pid, signal.SIGKILL)
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()
    worker.wait(10)
    return len(procs)
