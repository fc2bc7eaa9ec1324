"""A base model's identity: the sha256 of its weights, hashed once per file version (a 2-7 GB
checkpoint takes seconds to read; a rerun should not pay that again)."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from pathlib import Path

from aistudio.core.fs import atomic_write_text, sha256_file

logger = logging.getLogger(__name__)
WEIGHTS = (".safetensors", ".ckpt", ".bin", ".pt", ".pth", ".gguf")
_lock = threading.Lock()


def _file_hash(path: Path, memo: Path) -> str:
    """sha256 of a file, remembered by path, size and modification time."""
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    with _lock:
        known = json.loads(memo.read_text()) if memo.is_file() else {}
        if key in known:
            return str(known[key])
    logger.info("hashing %s (%.1f GB), once", path, stat.st_size / 1e9)
    digest = sha256_file(path)
    with _lock:
        known = json.loads(memo.read_text()) if memo.is_file() else {}
        known[key] = digest
        atomic_write_text(memo, json.dumps(known, indent=1))
    return digest


def base_hash(base: str, memo: Path) -> str:
    """The sha256 of a single-file checkpoint; for a diffusers folder, of its files' names
    and hashes; for a hub id (nothing local to read), of the id."""
    path = Path(base).expanduser()
    if path.is_file():
        return _file_hash(path, memo)
    if path.is_dir():
        h = hashlib.sha256()
        for f in sorted(p for p in path.rglob("*") if p.is_file() and ".cache" not in p.parts):
            rel = f.relative_to(path).as_posix()
            digest = _file_hash(f, memo) if f.suffix in WEIGHTS else sha256_file(f)
            h.update(f"{rel}\0{digest}\n".encode())
        return h.hexdigest()
    return hashlib.sha256(f"hub:{base}".encode()).hexdigest()
