"""A base's license is read off it (hub id, model card, file metadata) and a model marked
commercial does not train on a base that forbids that, unless the user overrides it."""

from __future__ import annotations

from pathlib import Path

import pytest

from aistudio.core.errors import UserError
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
    assert find_license(str(folder), "MIT").source == "--base-license"


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
