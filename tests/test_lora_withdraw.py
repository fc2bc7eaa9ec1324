"""Revoking consent withdraws every LoRA version of the model in the same transaction: export
is refused, `verify` says so, list and show say so; a new consent record revives none. And an
export's rank cap (kohya's resize)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aistudio.consent import audit
from aistudio.consent.records import revoke_consent, set_consent
from aistudio.core.errors import ConsentError, UserError
from aistudio.db import queries
from aistudio.ingest.importer import create_model
from aistudio.studio import Studio
from aistudio.training import export_lora, list_loras, show_lora
from aistudio.training.consent import verify_lora
from tests.cli import aistudio
from tests.fakes.loras import fake_lora

NAME = "andie"


def _model(studio: Studio, subject: str = "first") -> None:
    create_model(studio, NAME)
    set_consent(studio, NAME, kind="synthetic", scopes="sfw", attest_adult=True, subject=subject)


def test_revoking_consent_withdraws_every_version_and_a_new_record_revives_none(
    studio: Studio, tmp_path: Path
) -> None:
    _model(studio)
    fake_lora(studio, NAME)
    fake_lora(studio, NAME, seed=1)
    published = show_lora(studio, NAME, 1)
    assert published.file and published.withdrawn_at is None
    assert verify_lora(studio, Path(published.file)).in_force
    record = revoke_consent(studio, NAME)
    loras = list_loras(studio, NAME)
    assert [v.withdrawn_at is not None for v in loras] == [True, True]
    assert {v.withdrawn_reason for v in loras} == {
        f"consent record {record.record_hash[:12]} revoked"
    }
    with studio.read() as session:
        last = audit.events(session, model_id=queries.get_model_id(session, name=NAME))[-1]
    assert last.action == "consent.revoke" and json.loads(last.detail)["loras_withdrawn"] == 2
    found = verify_lora(studio, Path(published.file))
    assert found.withdrawn and not found.in_force and found.version == f"{NAME} v1"

    # A new record: the versions were trained under the revoked one and stay withdrawn.
    set_consent(studio, NAME, kind="synthetic", scopes="sfw", attest_adult=True, subject="new")
    assert all(v.withdrawn_at for v in list_loras(studio, NAME))
    with pytest.raises(ConsentError, match="withdrawn"):
        export_lora(studio, NAME, 2, out=tmp_path / "x.safetensors")
    assert not (tmp_path / "x.safetensors").exists()

    shown = aistudio(tmp_path, "lora", "show", NAME, "1")
    assert shown.returncode == 0 and "withdrawn" in shown.stdout, shown.stdout
    assert record.record_hash[:12] in shown.stdout
    as_json = json.loads(aistudio(tmp_path, "lora", "show", NAME, "2", "--json").stdout)
    assert as_json["withdrawn_at"] and as_json["withdrawn_reason"]
    listed = aistudio(tmp_path, "lora", "list", NAME)
    assert listed.stdout.count("withdrawn") == 2, listed.stdout
    refused = aistudio(tmp_path, "lora", "export", NAME, "1", "--out", str(tmp_path / "y"))
    assert refused.returncode == 2 and "withdrawn" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
    checked = aistudio(tmp_path, "lora", "verify", published.file)
    assert checked.returncode == 1 and "withdrawn" in checked.stdout, checked.stdout
    said = json.loads(aistudio(tmp_path, "lora", "verify", published.file, "--json").stdout)
    assert said["withdrawn"] is True and said["in_force"] is False

    # A version trained after the revocation is not withdrawn by it.
    fake_lora(studio, NAME, seed=2)
    assert show_lora(studio, NAME, 3).withdrawn_at is None
    export_lora(studio, NAME, 3, out=tmp_path / "v3.safetensors")


def _ranks(path: Path) -> tuple[dict[str, str], set[int]]:
    """A kohya file's metadata and its modules' ranks."""
    from safetensors import safe_open

    with safe_open(str(path), "pt") as f:
        keys = list(f.keys())
        return f.metadata(), {f.get_tensor(k).shape[0] for k in keys if k.endswith("down.weight")}


def test_an_export_caps_the_rank_and_a_cap_above_it_changes_nothing(
    studio: Studio, tmp_path: Path
) -> None:
    _model(studio)
    fake_lora(studio, NAME, rank=4)
    capped = export_lora(studio, NAME, 1, out=tmp_path / "r2.safetensors", max_rank=2)
    meta, downs = _ranks(capped)
    assert downs == {2} and meta["ss_network_dim"] == "2"
    assert float(meta["aistudio.resize_kept"]) < 1
    same = export_lora(studio, NAME, 1, out=tmp_path / "r8.safetensors", max_rank=8)
    meta, downs = _ranks(same)
    assert downs == {4} and meta["ss_network_dim"] == "4"
    with pytest.raises(UserError, match="keep the trained rank"):
        export_lora(studio, NAME, 1, fmt="diffusers", out=tmp_path / "d.safetensors", max_rank=2)
