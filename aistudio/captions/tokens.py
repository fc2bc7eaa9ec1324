"""Caption length in the text encoder's tokens: CLIP's BPE counted exactly, T5 estimated.

CLIP's merges come from the open-clip-torch wheel (installed without dependencies for this
file). The BPE is applied here in plain Python, so counting needs neither torch nor tokenizers.
"""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import logging
import math
from functools import lru_cache
from pathlib import Path

import regex

from aistudio.core.families import SPECS

logger = logging.getLogger(__name__)

CLIP_LIMIT = 77  # including the start and end tokens
# Each family's text encoder's length: CLIP's 77 (counted exactly), else T5's or a language
# model's (estimated)
LIMITS: dict[str, int] = {s.name: s.caption_tokens for s in SPECS.values()}

# CLIP's pre-tokenizer: contractions, letter runs, single digits, other symbol runs.
_WORDS = regex.compile(r"'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+", regex.IGNORECASE)


def byte_chars() -> dict[int, str]:
    """The reversible byte-to-character table byte-level BPE vocabularies are written in."""
    keep = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), 256)]
    table = {b: chr(b) for b in keep}
    extra = 0
    for b in range(256):
        if b not in table:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def bpe_file() -> Path | None:
    """open_clip's bpe_simple_vocab_16e6.txt.gz, found without importing open_clip."""
    spec = importlib.util.find_spec("open_clip")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "bpe_simple_vocab_16e6.txt.gz"
    return path if path.is_file() else None


def clip_merges(path: Path) -> list[str]:
    """CLIP's 49152 - 256 - 2 merges, best first, as 'a b' lines (the file's header skipped)."""
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
    return lines[1 : 49152 - 256 - 2 + 1]


class ClipBPE:
    """CLIP's tokenizer, enough to count tokens (49152 - 256 - 2 merges, by rank)."""

    def __init__(self, path: Path) -> None:
        merges = [tuple(m.split()) for m in clip_merges(path)]
        self.ranks: dict[tuple[str, ...], int] = {m: i for i, m in enumerate(merges)}
        self.bytes = byte_chars()
        self.cache: dict[str, int] = {}

    def _pieces(self, word: str) -> int:
        """How many tokens one pre-tokenized word becomes."""
        if word in self.cache:
            return self.cache[word]
        chars = [self.bytes[b] for b in word.encode("utf-8")]
        parts = [*chars[:-1], chars[-1] + "</w>"]
        while len(parts) > 1:
            pairs = {p: self.ranks.get(p, math.inf) for p in itertools.pairwise(parts)}
            best = min(pairs, key=lambda p: pairs[p])
            if pairs[best] == math.inf:
                break
            merged, i = [], 0
            while i < len(parts):
                if i < len(parts) - 1 and (parts[i], parts[i + 1]) == best:
                    merged.append(parts[i] + parts[i + 1])
                    i += 2
                else:
                    merged.append(parts[i])
                    i += 1
            parts = merged
        self.cache[word] = len(parts)
        return len(parts)

    def count(self, text: str) -> int:
        """Tokens of the text, with CLIP's start and end tokens."""
        clean = " ".join(text.split()).lower()
        return 2 + sum(self._pieces(w) for w in _WORDS.findall(clean))


@lru_cache(maxsize=1)
def clip_bpe() -> ClipBPE | None:
    """The CLIP tokenizer, once per process; None without open-clip-torch's merges file."""
    path = bpe_file()
    if path is None:
        logger.warning("open-clip-torch's BPE file is missing: caption lengths are estimated")
        return None
    return ClipBPE(path)


def count_tokens(text: str, family: str) -> tuple[int, bool]:
    """(tokens, exact) for the family's text encoder: CLIP exactly when its merges are
    installed, else (and for T5) an estimate of 1.3 tokens a word plus punctuation."""
    bpe = clip_bpe() if LIMITS.get(family, CLIP_LIMIT) == CLIP_LIMIT else None
    if bpe is not None:
        return bpe.count(text), True
    words = _WORDS.findall(text)
    return 1 + math.ceil(1.3 * len(words)), False
