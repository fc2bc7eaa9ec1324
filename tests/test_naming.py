"""Model names, file names and the studio folder layout (aistudio.naming)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aistudio.core.errors import InvalidName, UserError
from aistudio.core.naming import (
    ModelPaths,
    ResultName,
    is_model_file,
    pair_key,
    parse_result_filename,
    result_filename,
    source_filename,
    target_filename,
    validate_model_name,
    validate_word,
)


@pytest.mark.parametrize(
    "name", ["andie", "blondie", "a", "7", "x_y-z9", "a" * 40, "model2", "demo", "a--b__c"]
)
def test_valid_names_are_returned_unchanged(name: str) -> None:
    assert validate_model_name(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "..",
        ".",
        "a b",
        "",
        "A",
        "Andie",
        "-x",
        "_x",
        "a" * 41,
        "models",
        "model",
        "results",
        "con",
        "nul",
        "x/y",
        "x\\y",
        "andié",
        "ａ",  # fullwidth a
        "x\n",
        " andie",
        "andie.jpg",
    ],
)
def test_invalid_names_raise_invalid_name(name: str) -> None:
    with pytest.raises(InvalidName, match="invalid model name"):
        validate_model_name(name)


def test_invalid_name_is_a_user_error_with_exit_code_2() -> None:
    with pytest.raises(UserError) as info:
        validate_model_name("con")
    assert info.value.exit_code == 2
    assert not info.value.retryable
    assert "reserved" in str(info.value)


def test_file_names_follow_the_product_convention() -> None:
    assert source_filename("andie", 1) == "andie-source-1.jpg"
    assert source_filename("andie", 12) == "andie-source-12.jpg"
    assert target_filename("andie", 1, "nsfw") == "andie-t001-nsfw.jpg"
    assert target_filename("andie", 1000, "sfw") == "andie-t1000-sfw.jpg"
    assert pair_key(1, 4, "nsfw") == "s1-t004-nsfw"
    assert result_filename("andie", 1, 1, "nsfw", "swapped") == "andie-s1-t001-nsfw-swapped.jpg"
    assert result_filename("andie", 2, 3, "sfw", "enhanced") == "andie-s2-t003-sfw-enhanced.jpg"
    assert (
        result_filename("blondie", 1, 10, "nsfw", "enhanced") == "blondie-s1-t010-nsfw-enhanced.jpg"
    )


@pytest.mark.parametrize(
    ("model", "source", "target", "category", "stage"),
    [
        ("andie", 1, 1, "nsfw", "swapped"),
        ("andie", 2, 3, "sfw", "enhanced"),
        ("blondie", 1, 10, "nsfw", "enhanced"),
        ("x_y-z9", 12, 999, "sfw", "swapped"),
        ("a" * 40, 3, 1000, "nsfw", "swapped"),
        # A name that itself looks like a result suffix must still parse back to itself.
        ("a-s1-t001-nsfw-swapped", 2, 3, "sfw", "enhanced"),
    ],
)
def test_parse_result_filename_round_trips(
    model: str, source: int, target: int, category: str, stage: str
) -> None:
    name = result_filename(model, source, target, category, stage)  # type: ignore[arg-type]
    parsed = parse_result_filename(name)
    assert parsed == ResultName(model, source, target, category, stage)  # type: ignore[arg-type]
    assert (
        result_filename(parsed.model, parsed.source, parsed.target, parsed.category, parsed.stage)
        == name
    )


@pytest.mark.parametrize(
    "filename",
    [
        "andie-s1-t01-nsfw-swapped.jpg",  # target needs 3 digits
        "andie-s1-t001-nsfw-swapped.jpeg",
        "andie-s1-t001-nsfw-swapped.JPG",
        "andie-s1-t001-NSFW-swapped.jpg",
        "andie-s1-t001-nsfw-swap.jpg",
        "andie-s1-t001-xsfw-swapped.jpg",
        "andie-s1-t001-nsfw-enhanced-swapped.jpg",
        "andie-s-t001-nsfw-swapped.jpg",
        "andie-s1-001-nsfw-swapped.jpg",
        "andie-t001-nsfw.jpg",  # a target file
        "andie-source-1.jpg",  # a source file
        "Andie-s1-t001-nsfw-swapped.jpg",
        "-s1-t001-nsfw-swapped.jpg",
        "a" * 41 + "-s1-t001-nsfw-swapped.jpg",
        "andie-s1-t001-nsfw-swapped.jpg.tmp",
        ".andie-s1-t001-nsfw-swapped.jpg.k2j3h4.tmp",  # atomic_write_bytes' temp name
        "andie-s1-t001-nsfw-swapped.jpg\n",
        " andie-s1-t001-nsfw-swapped.jpg",
        "sfw/andie-s1-t001-nsfw-swapped.jpg",
        "",
    ],
)
def test_parse_result_filename_rejects_near_misses(filename: str) -> None:
    assert parse_result_filename(filename) is None


@pytest.mark.parametrize(
    "filename",
    [
        "andie-s01-t001-nsfw-swapped.jpg",  # result_filename never pads the source
        "andie-s1-t0001-nsfw-swapped.jpg",  # targets are padded to exactly 3 digits
        "andie-s\u0661-t001-nsfw-swapped.jpg",  # ARABIC-INDIC DIGIT ONE
        "andie-s1-t\u0660\u0660\u0661-nsfw-swapped.jpg",
    ],
)
def test_parse_result_filename_rejects_non_canonical_numbers(filename: str) -> None:
    """Anything parse accepts must be exactly what result_filename would build from it."""
    parsed = parse_result_filename(filename)
    if parsed is not None:
        rebuilt = result_filename(
            parsed.model, parsed.source, parsed.target, parsed.category, parsed.stage
        )
        assert rebuilt == filename, f"{filename!r} parsed as {parsed}, which builds {rebuilt!r}"


def test_model_paths_layout(tmp_path: Path) -> None:
    paths = ModelPaths(tmp_path, "andie")
    root = tmp_path / "models" / "andie"
    assert paths.root == root
    assert paths.config == root / "config.json"
    assert paths.source_dir == root / "source"
    assert paths.target_dir("nsfw") == root / "targets" / "nsfw"
    assert paths.target_dir("sfw") == root / "targets" / "sfw"
    assert (
        paths.result_dir("sfw", 2, "enhanced") == root / "results" / "sfw" / "source_2" / "enhanced"
    )
    result = paths.result_path(1, 7, "nsfw", "swapped")
    assert result == root / "results" / "nsfw" / "source_1" / "swapped" / (
        "andie-s1-t007-nsfw-swapped.jpg"
    )
    assert (
        paths.rel(result)
        == "models/andie/results/nsfw/source_1/swapped/andie-s1-t007-nsfw-swapped.jpg"
    )
    assert paths.rel(paths.source_dir / source_filename("andie", 1)) == (
        "models/andie/source/andie-source-1.jpg"
    )


def test_model_paths_rel_refuses_paths_outside_the_home(tmp_path: Path) -> None:
    paths = ModelPaths(tmp_path / "studio", "andie")
    with pytest.raises(ValueError):
        paths.rel(tmp_path / "elsewhere" / "x.jpg")


@pytest.mark.parametrize(
    "word", ["andiex", "ohwx", "woman", "young man", "bl0nd", "zoë", "v1.5", "x-y_z", "a" * 40]
)
def test_trigger_and_class_words_that_people_use_pass(word: str) -> None:
    assert validate_word(word, "trigger") == word


@pytest.mark.parametrize(
    "word",
    [
        "x/../../../../OUTSIDE",  # the folder name would climb out of the dataset
        "..",
        "a..b",
        "a/b",
        "a\\b",
        "a  b",
        " a",
        "a ",
        "a\nb",
        "a\x00b",
        "a\u202eb",  # a bidi override disguises the name on screen
        "a,b",
        "",
        "a" * 41,
    ],
)
def test_trigger_and_class_words_that_break_the_rule_are_refused(word: str) -> None:
    with pytest.raises(InvalidName, match="invalid class_word") as info:
        validate_word(word, "class_word")
    assert info.value.exit_code == 2


def test_only_the_files_the_naming_rule_makes_are_model_files() -> None:
    good = [
        "source/andie-source-1.jpg",
        "targets/sfw/andie-t001-sfw.jpg",
        "targets/nsfw/andie-t1234-nsfw.jpg",
        "results/sfw/source_1/enhanced/andie-s1-t001-sfw-enhanced.jpg",
    ]
    bad = [
        "config.json",
        "../studio.db",
        "source/../config.json",
        "/source/andie-source-1.jpg",
        "source//andie-source-1.jpg",
        "source/andie-source-01.jpg",  # not the spelling the rule writes
        "source/bob-source-1.jpg",  # another model's name
        "targets/sfw/andie-t001-nsfw.jpg",
        "targets/sfw/andie-t01-sfw.jpg",
        "results/nsfw/source_1/enhanced/andie-s1-t001-sfw-enhanced.jpg",
        "results/sfw/source_2/enhanced/andie-s1-t001-sfw-enhanced.jpg",
        "datasets/v1/dataset.json",
        "source/.andie-source-1.jpg",
    ]
    assert [p for p in good if not is_model_file("andie", p)] == []
    assert [p for p in bad if is_model_file("andie", p)] == []
