"""The only place that builds or parses model names, file names and studio paths."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from aistudio.core.errors import InvalidName

Category = Literal["nsfw", "sfw"]
Stage = Literal["swapped", "enhanced"]
CATEGORIES: tuple[Category, ...] = get_args(Category)
STAGES: tuple[Stage, ...] = get_args(Stage)

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}", re.ASCII)
# Names that would collide with studio folders, CLI words or OS devices.
RESERVED = frozenset(
    {
        "models",
        "model",
        "source",
        "sources",
        "targets",
        "results",
        "config",
        "studio",
        "all",
        "none",
        "null",
        "new",
        "con",
        "prn",
        "aux",
        "nul",
        "com1",
        "lpt1",
    }
)
# Trigger and class words: they become a kohya folder name and a prompt, so nothing that a
# path or a terminal reads specially (separators, "..", controls); one space between words.
_WORD = re.compile(r"[\w.-]+(?: [\w.-]+)*")
WORD_MAX = 40
_RESULT = re.compile(
    r"(?P<model>[a-z0-9][a-z0-9_-]{0,39})-s(?P<source>0|[1-9][0-9]*)"
    r"-t(?P<target>[0-9]{3}|[1-9][0-9]{3,})"
    r"-(?P<category>nsfw|sfw)-(?P<stage>swapped|enhanced)\.jpg",
    re.ASCII,  # only the digits result_filename writes, so names round-trip
)


def validate_model_name(name: str) -> str:
    """Return name if it is a safe slug, else raise InvalidName saying the rule."""
    if not _NAME.fullmatch(name):
        raise InvalidName(
            f"invalid model name {name!r}: use 1-40 characters a-z, 0-9, '-' or '_', "
            "starting with a letter or digit"
        )
    if name in RESERVED:
        raise InvalidName(f"invalid model name {name!r}: it is reserved")
    return name


def validate_word(value: str, what: str = "trigger") -> str:
    """Return a trigger or class word if it follows the word rule, else raise InvalidName."""
    if not _WORD.fullmatch(value) or ".." in value or len(value) > WORD_MAX:
        raise InvalidName(
            f"invalid {what} {value!r}: use 1-{WORD_MAX} letters, digits, '_', '-' or '.', "
            "single spaces between words; no '/', '\\', '..' or control characters"
        )
    return value


def source_filename(model: str, n: int) -> str:
    """andie-source-1.jpg"""
    return f"{model}-source-{n}.jpg"


def target_filename(model: str, n: int, category: Category) -> str:
    """andie-t001-nsfw.jpg"""
    return f"{model}-t{n:03d}-{category}.jpg"


def pair_key(source: int, target: int, category: Category) -> str:
    """s1-t004-nsfw: identifies a (source, target) pair within a model."""
    return f"s{source}-t{target:03d}-{category}"


_PAIR = re.compile(r"s(0|[1-9][0-9]*)-t([0-9]{3}|[1-9][0-9]{3,})-(nsfw|sfw)", re.ASCII)


def parse_pair_key(pair: str) -> tuple[int, int, Category] | None:
    """s1-t004-nsfw -> (1, 4, "nsfw"); None unless pair_key would write exactly that."""
    m = _PAIR.fullmatch(pair)
    if not m:
        return None
    category: Category = m[3]  # type: ignore[assignment]  # the regex admits only these
    return int(m[1]), int(m[2]), category


def pair_category(pair: str) -> Category | None:
    """s1-t004-nsfw -> nsfw; None when the key does not end in a category."""
    tail = pair.rsplit("-", 1)[-1]
    return next((c for c in CATEGORIES if c == tail), None)


def result_filename(model: str, source: int, target: int, category: Category, stage: Stage) -> str:
    """andie-s1-t001-nsfw-swapped.jpg"""
    return f"{model}-{pair_key(source, target, category)}-{stage}.jpg"


@dataclass(frozen=True)
class ResultName:
    """The parts of a result file name."""

    model: str
    source: int
    target: int
    category: Category
    stage: Stage


def parse_result_filename(filename: str) -> ResultName | None:
    """Parse a result file name; None if it does not follow the convention."""
    m = _RESULT.fullmatch(filename)
    if not m:
        return None
    return ResultName(
        model=m["model"],
        source=int(m["source"]),
        target=int(m["target"]),
        category=m["category"],  # type: ignore[arg-type]  # the regex admits only these
        stage=m["stage"],  # type: ignore[arg-type]
    )


def is_model_file(model: str, tail: str) -> bool:
    """Whether tail, a path inside models/<model>/, is a photo or result the naming rule makes:
    source/<file>, targets/<category>/<file>, results/<category>/source_<n>/<stage>/<file>."""
    parts = tail.split("/")
    if len(parts) == 2 and parts[0] == "source":
        m = re.fullmatch(r"[a-z0-9_-]+-source-([1-9][0-9]{0,8})\.jpg", parts[1], re.ASCII)
        return m is not None and parts[1] == source_filename(model, int(m[1]))
    if len(parts) == 3 and parts[0] == "targets" and parts[1] in CATEGORIES:
        m = re.fullmatch(r"[a-z0-9_-]+-t([0-9]{3,9})-(?:nsfw|sfw)\.jpg", parts[2], re.ASCII)
        category: Category = parts[1]  # narrowed by the test above
        return m is not None and parts[2] == target_filename(model, int(m[1]), category)
    if len(parts) == 5 and parts[0] == "results" and (r := parse_result_filename(parts[4])):
        # Rebuilt from its parts, the path must be the same string: one spelling per file.
        rebuilt = f"results/{r.category}/source_{r.source}/{r.stage}/"
        return r.model == model and tail == rebuilt + result_filename(
            model, r.source, r.target, r.category, r.stage
        )
    return False


def storage_key(prefix: str, rel: str) -> str:
    """The object key of a studio file: <prefix>/<model>/... mirroring models/<model>/..."""
    parts = rel.split("/")
    if len(parts) < 3 or parts[0] != "models":
        raise ValueError(f"not a model file: {rel}")
    return "/".join(p for p in (prefix.strip("/"), *parts[1:]) if p)


def encodings_file(home: Path, dataset_hash: str, base_digest: str, size: int, family: str) -> Path:
    """cache/encodings/<key>.safetensors: a training's cached latents and text encodings."""
    key = hashlib.sha256(f"{dataset_hash}|{base_digest}|{size}|{family}".encode()).hexdigest()
    return home / "cache" / "encodings" / f"{key[:16]}.safetensors"


@dataclass(frozen=True)
class ModelPaths:
    """Where a model's files live inside the studio home."""

    home: Path
    name: str

    @property
    def root(self) -> Path:
        return self.home / "models" / self.name

    @property
    def config(self) -> Path:
        return self.root / "config.json"

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    def target_dir(self, category: Category) -> Path:
        return self.root / "targets" / category

    def result_dir(self, category: Category, source: int, stage: Stage) -> Path:
        return self.root / "results" / category / f"source_{source}" / stage

    def result_path(self, source: int, target: int, category: Category, stage: Stage) -> Path:
        return self.result_dir(category, source, stage) / result_filename(
            self.name, source, target, category, stage
        )

    def dataset_dir(self, number: int) -> Path:
        """models/<name>/datasets/v<number>/: one dataset version."""
        return self.root / "datasets" / f"v{number}"

    def training_dir(self, key: str) -> Path:
        """models/<name>/training/<key>/: one training's checkpoints and LoRA."""
        return self.root / "training" / key

    def rel(self, path: Path) -> str:
        """A path relative to the studio home, as stored in the database."""
        return path.relative_to(self.home).as_posix()
