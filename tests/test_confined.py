"""The confined mode (what the API uses): inputs only uploads the studio named, never through
a link; outputs only in the studio's exports; a run form's bases only from the allow-list.
The CLI keeps reading and writing where its user says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aistudio.consent.records import set_consent
from aistudio.core.errors import UnsafePath, UserError
from aistudio.core.fs import EXPORTS, UPLOADS, confined_output
from aistudio.ingest.importer import create_model, import_photos
from aistudio.studio import Studio
from aistudio.training import TrainParams
from aistudio.training.bases import allowed_bases, choose_base
from aistudio.training.compare import compare_loras
from aistudio.training.publish import export_lora
from tests.conftest import make_model


def test_a_confined_import_reads_only_uploads_and_never_through_a_link(
    studio: Studio, photos: dict[str, list[Path]], tmp_path: Path
) -> None:
    make_model(studio, photos, "bob", sources=1, targets=1)
    create_model(studio, "andie")
    bobs = studio.home / "models/bob/source/bob-source-1.jpg"
    uploads = studio.home / UPLOADS
    (uploads / "batch").mkdir(parents=True)
    (uploads / "evil.jpg").symlink_to(bobs)  # another model's photo, through a link
    (uploads / "batch" / "evil.jpg").symlink_to(bobs)
    (uploads / "models").symlink_to(studio.home / "models")  # a linked folder
    attacks = [
        uploads / "evil.jpg",
        uploads / "batch",
        Path("models/bob/source/bob-source-1.jpg"),
        Path("../models/bob/source/bob-source-1.jpg"),
        bobs,
        photos["sources"][1],  # a file on the server outside the studio
    ]
    for attack in attacks:
        with pytest.raises(UnsafePath, match=r"rule: confined inputs") as info:
            import_photos(studio, "andie", [attack], role="source", confined=True)
        assert info.value.exit_code == 2
    assert list((studio.home / "models/andie/source").iterdir()) == []
    # An upload the studio named itself is imported; the CLI's mode still follows a link.
    shutil.copyfile(photos["sources"][2], uploads / "u1.jpg")
    made = import_photos(studio, "andie", [Path("u1.jpg")], role="source", confined=True)
    assert [new for _, new in made.imported] == ["andie-source-1.jpg"]
    linked = import_photos(studio, "andie", [uploads / "evil.jpg"], role="source")
    assert [new for _, new in linked.imported] == ["andie-source-2.jpg"]


def test_a_confined_consent_release_is_an_upload(studio: Studio, tmp_path: Path) -> None:
    create_model(studio, "andie")
    create_model(studio, "bob")
    uploads = studio.home / UPLOADS
    uploads.mkdir()
    (uploads / "bob.json").symlink_to(studio.home / "models/bob/config.json")
    secret = tmp_path / "server-secret.pdf"
    secret.write_bytes(b"%PDF not for the studio")
    for attack in (secret, studio.home / "models/bob/config.json", uploads / "bob.json"):
        with pytest.raises(UnsafePath, match=r"rule: confined inputs"):
            set_consent(studio, "andie", kind="real-person", scopes="sfw", attest_adult=True,
                        subject="Andie", release=attack, confined=True)  # fmt: skip
    assert not (studio.home / "models/andie/consent").exists()
    (uploads / "release.pdf").write_bytes(b"%PDF signed")
    record = set_consent(studio, "andie", kind="real-person", scopes="sfw", attest_adult=True,
                         subject="Andie", release=Path("release.pdf"), confined=True)  # fmt: skip
    assert record.release_path and (studio.home / record.release_path).read_bytes() == (
        b"%PDF signed"
    )


def test_confined_exports_and_comparisons_write_only_in_the_exports_folder(
    studio: Studio, tmp_path: Path
) -> None:
    create_model(studio, "andie")
    exports = studio.home / EXPORTS
    assert confined_output(studio.home, Path("a.safetensors")) == exports / "a.safetensors"
    (exports / "out").symlink_to(tmp_path)
    for attack in (
        tmp_path / "lora.safetensors",
        Path("../studio.db"),
        Path("../models/andie/config.json"),
        Path("out/lora.safetensors"),  # a link inside that leads out
    ):
        with pytest.raises(UnsafePath, match=r"rule: confined outputs"):
            export_lora(studio, "andie", out=attack, confined=True)
        with pytest.raises(UnsafePath, match=r"rule: confined outputs"):
            compare_loras(studio, "andie", [1, 2], attack, confined=True)
    # The CLI's mode is unchanged: the same call goes on to look for the LoRA.
    with pytest.raises(UserError, match="andie"):
        export_lora(studio, "andie", out=tmp_path / "lora.safetensors")


def test_a_run_forms_base_and_parts_come_only_from_the_allow_list(
    studio: Studio, tmp_path: Path, prefect_harness: None
) -> None:
    from flows.train_lora import train_lora

    settings = studio.settings.model_copy(
        update={"allowed_bases": "mine=/bases/mine.safetensors, org/model"}
    )
    allowed = allowed_bases(settings)
    assert allowed["sdxl"] == settings.sdxl_base and allowed["mine"] == "/bases/mine.safetensors"
    assert choose_base(settings, "sdxl", None, None) == (settings.sdxl_base, None)
    assert choose_base(settings, "flux", "mine", "flux") == (
        "/bases/mine.safetensors",
        settings.flux_base,
    )
    assert choose_base(settings, "sd15", "org/model", None) == ("org/model", None)
    for base, parts in (("/etc/passwd", None), ("evil/hub-model", None), ("sdxl", "../x")):
        with pytest.raises(UserError, match="not an allowed base"):
            choose_base(settings, "sdxl", base, parts)
    bad = settings.model_copy(update={"allowed_bases": "sdxl=/elsewhere"})
    with pytest.raises(UserError, match="AISTUDIO_ALLOWED_BASES"):
        allowed_bases(bad)
    # Through the flow itself: the run form's path is refused before any training starts.
    create_model(studio, "andie")
    elsewhere = tmp_path / "elsewhere.safetensors"
    with pytest.raises(UserError, match=r"base .*elsewhere.* is not an allowed base"):
        train_lora.fn(model="andie", params=TrainParams(family="sd15"), base=str(elsewhere))
    with pytest.raises(UserError, match="parts 'evil/parts' is not an allowed base"):
        train_lora.fn(model="andie", params=TrainParams(family="sd15"), parts="evil/parts")
