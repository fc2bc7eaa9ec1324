"""Captions from a template: `a photo of {trigger}, {class}, {description}`, the trigger once,
banned words out, and a length the family's text encoder takes whole."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from pydantic import BaseModel

from aistudio.captions.tokens import LIMITS, count_tokens
from aistudio.core.config import CaptionRules


class Caption(BaseModel):
    """A finished caption, its length in the text encoder's tokens, and what to look at."""

    text: str
    tokens: int
    exact: bool  # counted with the real tokenizer (else estimated)
    warnings: list[str] = []


def _phrase(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(words)}(?![\w-])", re.IGNORECASE)


def _banned(words: str) -> re.Pattern[str]:
    """A banned phrase with the word that tied it on ("with blonde hair", "and blue eyes")."""
    return re.compile(
        rf"(?:(?<![\w-])(?:with|and|has|having)\s+)?(?<![\w-]){re.escape(words)}(?![\w-])",
        re.IGNORECASE,
    )


def clean_description(parts: Sequence[str], trigger: str, rules: CaptionRules) -> str:
    """The description: replacements, banned words and the trigger taken out, empty parts
    dropped, at most max_words words."""
    out: list[str] = []
    for part in parts:
        text = part
        for old, new in rules.replace.items():
            text = _phrase(old).sub(new, text)
        for word in rules.banned:
            text = _banned(word).sub("", text)
        text = _phrase(trigger).sub("", text)
        text = re.sub(r"\s+([,;.])", r"\1", re.sub(r"\s+", " ", text)).strip(" ,;.")
        if text and text.lower() not in (o.lower() for o in out):
            out.append(text)
    words = ", ".join(out).split(" ")
    return " ".join(words[: rules.max_words]).rstrip(",")


def compose(
    trigger: str, class_word: str, parts: Sequence[str], rules: CaptionRules, family: str
) -> Caption:
    """The caption of one image, with a warning when the text encoder would cut it."""
    description = clean_description(parts, trigger, rules)
    text = f"a photo of {trigger}, {class_word}" + (f", {description}" if description else "")
    tokens, exact = count_tokens(text, family)
    limit = LIMITS.get(family, LIMITS["sdxl"])
    warnings = []
    if tokens > limit:
        warnings.append(
            f"{tokens} tokens{'' if exact else ' (estimated)'}, over the {limit} the {family} "
            "text encoder reads: the end is cut off in training"
        )
    return Caption(text=text, tokens=tokens, exact=exact, warnings=warnings)


MAX_CAPTION_CHARS = 1000  # T5's 512 tokens are about 2,000 characters; no caption needs more
MAX_TSV_BYTES = 2_000_000  # an edited TSV of 1,000 images at the caption limit, twice over
MAX_REVIEWER_CHARS = 80


class Problem(NamedTuple):
    """One rule a caption breaks: its name (what a UI shows it under) and what is wrong."""

    rule: str
    message: str


def problems(text: str, trigger: str, rules: CaptionRules) -> list[Problem]:
    """What is wrong with a caption a person wrote, rule by rule: length, control characters,
    the start, the trigger count, banned words."""
    out = []
    if len(text) > MAX_CAPTION_CHARS:
        out.append(
            Problem("length", f"is {len(text)} characters long (at most {MAX_CAPTION_CHARS})")
        )
    if any(not c.isprintable() for c in text):
        # An escape sequence would reach every terminal that shows the caption, and the trainer.
        out.append(
            Problem("printable", "holds control characters (terminal escapes are not captions)")
        )
    if not text.startswith(f"a photo of {trigger}"):
        out.append(Problem("start", f"does not start with 'a photo of {trigger}'"))
    count = len(_phrase(trigger).findall(text))
    if count != 1:
        out.append(
            Problem("trigger", f"has the trigger {trigger!r} {count} times (it needs it once)")
        )
    banned = [w for w in rules.banned if _phrase(w).search(text)]
    if banned:
        out.append(Problem("banned", f"uses banned words: {', '.join(banned)}"))
    return out


def check(text: str, trigger: str, rules: CaptionRules) -> list[str]:
    """What is wrong with a caption a person wrote (each rule's message)."""
    return [p.message for p in problems(text, trigger, rules)]
