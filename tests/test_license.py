"""A base's license is read off it (hub id, model card, file metadata) and a model marked
commercial does not train on a base that forbids that, unless the user overrides it."""

from __future__ import annotations

from pathlib import Path

import pytest

from aistudio import dataset
from aistudio.core.errors import UserError
from aistudio.studio import Studio
from aistudio.training.license import BaseLicense, check_license, find_license


def test_the_license_is_read_from_the_hub_id_the_model_card_or_the_file(tmp_path: Path) -> None:
    import torch
    from safetensors.torch import save_file

    assert find_license("Tongyi-MAI/Z-Image") == BaseLicense(license="apache-2.0", source="hub id")
    dev = find_license("black-forest-labs/FLUX.1-dev")
    assert dev.commercial is False and find_license("Qwen/Qwen-Image").commercial is True
    assert find_license("black-forest-labs/FLUX.2-klein-9B").commercial is False
    folder = tmp_path / "base"
    folder.mkdir()
    (folder / "README.md").write_text(
        "---\nlicense: other\nlicense_name: flux-non-commercial-license\ntags:\n- x\n---\n# Hi\n"
    )
    card = find_license(str(folder))
    assert (card.license, card.source, card.commercial) == (
        "flux-non-commercial-license",
        "model card",
        False,
    )
    single = tmp_path / "base.safetensors"
    save_file({"w": torch.zeros(1)}, str(single), metadata={"modelspec.license": "Apache-2.0"})
    assert find_license(str(single)) == BaseLicense(license="apache-2.0", source="file metadata")
    unknown = find_license(str(tmp_path / "nothing"))
    assert (unknown.license, unknown.commercial) == ("unknown", None)
    assert find_license(str(tmp_path / "nothing"), "MIT").source == "--base-license"
    given = find_license(str(folder), "MIT")  # the card's license stands beside the given one
    assert (given.license, given.given) == ("flux-non-commercial-license", "mit")


def test_a_commercial_model_refuses_a_non_commercial_or_unknown_base_unless_overridden() -> None:
    nc = BaseLicense(license="flux-1-dev-non-commercial-license", source="hub id")
    assert check_license(nc, "dev", commercial=False, override=False) is False  # not for sale
    with pytest.raises(UserError, match=r"forbids commercial use.*--license-override"):
        check_license(nc, "dev", commercial=True, override=False)
    with pytest.raises(UserError, match="could not be found"):
        check_license(BaseLicense(license="unknown", source="not found"), "x", commercial=True,
                      override=False)  # fmt: skip
    assert check_license(nc, "dev", commercial=True, override=True) is True  # to be audited
    ok = BaseLicense(license="apache-2.0", source="hub id")
    assert check_license(ok, "z", commercial=True, override=False) is False


def test_lora_families_lists_each_family_with_its_defaults_license_and_vram(
    tmp_path: Path,
) -> None:
    import json

    from aistudio.core.families import DEFAULT_FAMILY, FAMILIES
    from tests.cli import aistudio

    done = aistudio(tmp_path, "lora", "families", "--json")
    assert done.returncode == 0, done.stderr
    rows = {r["family"]: r for r in json.loads(done.stdout)}
    assert list(rows) == list(FAMILIES) and DEFAULT_FAMILY == "zimage"
    assert rows["zimage"]["license"] == "apache-2.0" and rows["zimage"]["commercial"] is True
    assert rows["flux"]["commercial"] is False  # FLUX.1-dev
    assert all(r["vram"] and r["rank"] > 0 and r["resolution"] >= 512 for r in rows.values())
    # A base set in the environment is the one listed, with the license read off it
    table = aistudio(tmp_path, "lora", "families", AISTUDIO_QWEN_IMAGE_BASE=str(tmp_path))
    assert table.returncode == 0 and "qwen-image" in table.stdout and "unknown" in table.stdout


def test_a_given_license_does_not_lift_a_known_one_and_other_is_not_commercial(
    tmp_path: Path,
) -> None:
    dev = find_license("black-forest-labs/FLUX.1-dev", "Apache-2.0")
    assert (dev.license, dev.given, dev.commercial) == (
        "flux-1-dev-non-commercial-license", "apache-2.0", False,
    )  # fmt: skip
    with pytest.raises(UserError, match=r"--base-license apache-2\.0 does not change"):
        check_license(dev, "dev", commercial=True, override=False)
    assert check_license(dev, "dev", commercial=False, override=False) is True  # audited
    assert check_license(find_license("x", "mit"), "x", commercial=True, override=False) is True
    folder = tmp_path / "card"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: other\n---\n# A custom license\n")
    other = find_license(str(folder))
    assert (other.license, other.commercial) == ("other", None)
    with pytest.raises(UserError, match="other \\(model card\\), not one known to allow"):
        check_license(other, str(folder), commercial=True, override=False)
    assert BaseLicense(license="some-custom-license", source="hub id").commercial is None


def test_a_commercial_training_checks_the_parts_license_and_audits_a_given_one(
    studio: Studio, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import json

    import torch
    from safetensors.torch import save_file

    from aistudio.consent import audit
    from aistudio.core.config import save_model_config
    from aistudio.training import TrainParams, train_model
    from tests.cli import aistudio
    from tests.fakes.datasets import processed
    from tests.fakes.sd import shared_sd15

    name = processed(studio, tmp_path)
    dataset.build_dataset(studio, name)
    config = studio.config(name).model_copy(update={"commercial": True})
    save_model_config(studio.paths(name).config, config)
    single = tmp_path / "klein.safetensors"  # a transformer file that says apache-2.0
    save_file({"w": torch.zeros(1)}, str(single), metadata={"modelspec.license": "apache-2.0"})
    parts = tmp_path / "parts"  # ... whose text encoder and VAE come from a non-commercial base
    parts.mkdir()
    (parts / "README.md").write_text("---\nlicense: flux-non-commercial-license\n---\n")
    params = TrainParams(family="flux2-klein", steps=1)
    with pytest.raises(UserError, match=r"base '.*parts'.*forbids commercial use"):
        train_model(studio, name, str(single), params, unreviewed=True, parts=str(parts))
    # FLUX.1-dev said to be apache-2.0: refused, by the CLI too, and nothing was trained.
    proc = aistudio(tmp_path, "lora", "train", name, "--base", "black-forest-labs/FLUX.1-dev",
                    "--family", "flux", "--unreviewed", "--base-license", "apache-2.0")  # fmt: skip
    assert proc.returncode == 2 and "does not change the license" in proc.stderr
    assert "Traceback" not in proc.stderr
    with studio.read() as session:
        assert [e.action for e in audit.events(session)].count("license_override") == 0
    # Not for sale: a license the user gives still goes on the record.
    save_model_config(studio.paths(name).config, config.model_copy(update={"commercial": False}))
    tiny = TrainParams(family="sd15", rank=4, steps=1, resolution=32, samples=0,
                       checkpoint_every=1)  # fmt: skip
    base = shared_sd15(tmp_path_factory.getbasetemp())
    train_model(studio, name, str(base), tiny, unreviewed=True, base_license="MIT", device="cpu")
    with studio.read() as session:
        events = [json.loads(e.detail) for e in audit.events(session)
                  if e.action == "license_override"]  # fmt: skip
    assert [(e["license"], e["source"], e["override"]) for e in events] == [
        ("mit", "--base-license", False)
    ]
