"""A training of a studio model is a LoRA version: its checkpoints' samples are marked as
AI-made and scored for identity, its best checkpoint becomes a kohya file that cites the
dataset and the consent record, and the CLI lists, shows, exports and trains versions."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlmodel import select

from aistudio import captions, dataset
from aistudio.consent import audit
from aistudio.consent.records import revoke_consent, set_consent
from aistudio.core.errors import ConsentError
from aistudio.core.fs import sha256_file
from aistudio.dataset.report import THUMB
from aistudio.db import queries
from aistudio.db.tables import ProvenanceMark
from aistudio.provenance.stamp import GENERATED, inspect_file
from aistudio.studio import Studio
from aistudio.training import TrainParams, export_lora, resolve, show_lora, train_model
from aistudio.training.compare import HEAD_H, LABEL_W
from tests.cli import aistudio, assert_user_error
from tests.fakes.clip import tiny_clip
from tests.fakes.datasets import processed
from tests.fakes.qwen import tiny_flux2_klein, tiny_qwen_image, tiny_zimage
from tests.fakes.sd import draw, shared_sd15

pytestmark = pytest.mark.slow
PARAMS = TrainParams(family="sd15", rank=4, alpha=2, steps=4, lr=1e-3, resolution=32,
                     checkpoint_every=2, seed=3, samples=2, sample_steps=2)  # fmt: skip


def test_a_training_is_a_scored_version_with_marked_samples_and_a_file(
    studio: Studio, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    from safetensors import safe_open

    base = shared_sd15(tmp_path_factory.getbasetemp())
    name = processed(studio, tmp_path)
    dataset.build_dataset(studio, name)
    captions.caption_dataset(studio, name)
    reviewed = captions.approve(studio, name)
    clip = tiny_clip(tmp_path / "clip")  # a configured CLIP adds prompt fidelity
    with_clip = Studio(studio.settings.model_copy(update={"aesthetic_model": str(clip)}))
    made = train_model(with_clip, name, str(base), PARAMS, device="cpu")
    info = show_lora(studio, name)
    assert (made.version, info.version, info.status, info.steps) == (1, 1, "done", 4)
    assert info.dataset_version == reviewed.version and info.params == PARAMS.model_dump()
    assert sorted(info.metrics) == ["2", "4"] and info.best_step in (2, 4)
    for m in info.metrics.values():
        assert "bleed" in m  # None here: a tiny model draws no faces
        loss, rate, fidelity = m["loss"], m["face_rate"], m["clip"]
        assert loss is not None and loss > 0 and rate is not None and 0 <= rate <= 1
        assert fidelity is not None and -1 <= fidelity <= 1

    samples = sorted(Path(info.training_dir, "samples").rglob("*.jpg"))
    assert [p.relative_to(info.training_dir).as_posix() for p in samples] == [
        f"samples/step-00000{s}/{kind}0{i}.jpg"
        for s in (2, 4)
        for kind in ("", "plain-")
        for i in (0, 1)
    ]  # the trigger's prompts, and as many without it (does the person bleed in?)
    found = inspect_file(samples[0])
    assert found.source_type == GENERATED and found.manifest_state == "Valid"
    with studio.read() as session:  # (a 32 px sample is too small to read the watermark back)
        mark = session.get(ProvenanceMark, found.xmp_mark)
        model_id = queries.get_model_id(session, name=name)
        consent = queries.current_consent(session, model_id=model_id)
    assert mark is not None and mark.stage == "sample" and consent is not None

    assert info.file == str(studio.home / "models/andie/lora/andie_v1.safetensors")
    assert info.file_sha256 == sha256_file(Path(info.file))
    assert info.file_size == Path(info.file).stat().st_size
    with safe_open(info.file, "pt") as f:
        meta, keys = f.metadata(), list(f.keys())
        dtypes = {f.get_tensor(k).dtype for k in keys}
    assert meta["aistudio.consent_hash"] == consent.record_hash != ""
    # The base is named and hashed; where it lives on this machine stays here.
    assert meta["aistudio.base_model"] == base.name and meta["aistudio.base_hash"] == info.base_hash
    assert not [k for k, v in meta.items() if str(tmp_path_factory.getbasetemp()) in v]
    assert meta["aistudio.dataset_hash"] == reviewed.hash
    assert meta["modelspec.trigger_phrase"] == "andie" and meta["ss_network_alpha"] == "2.0"
    assert (
        meta["aistudio.step"] == str(info.best_step)
        and "trainedAlgorithmicMedia" in (meta["aistudio.provenance"])
    )
    assert all(k.startswith("lora_unet_") for k in keys) and {str(d) for d in dtypes} == {
        "torch.float16"
    }

    again = train_model(studio, name, str(base), PARAMS, device="cpu")
    assert (again.version, again.resumed_from, again.losses) == (1, 4, [])

    listed = aistudio(tmp_path, "lora", "list", name)
    assert listed.returncode == 0 and "v1" in listed.stdout and "done" in listed.stdout
    shown = aistudio(tmp_path, "lora", "show", name, "1", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["file_sha256"] == info.file_sha256
    out = tmp_path / "exported.safetensors"
    done = aistudio(tmp_path, "lora", "export", name, "--format", "diffusers", "--out", str(out))
    assert done.returncode == 0, done.stderr
    # Alpha 2 on rank 4 halves the LoRA's effect: both formats carry it, so both draw alike,
    # and unlike the base alone.
    plain, kohya = draw("sd15", base), draw("sd15", base, Path(info.file))
    diffusers = draw("sd15", base, out)
    assert np.abs(kohya - diffusers).max() < 2e-3 < np.abs(diffusers - plain).max()
    missing = aistudio(tmp_path, "lora", "export", name, "--step", "3")
    assert missing.returncode != 0 and "no checkpoint at step 3 (it has: 2, 4)" in missing.stderr
    assert "Traceback" not in missing.stderr

    trained = aistudio(
        tmp_path, "lora", "train", name, "--base", str(base), "--family", "sd15", "--steps", "2",
        "--rank", "4", "--resolution", "32", "--checkpoint-every", "2", "--samples", "1",
        "--sample-steps", "1", timeout=600,
    )  # fmt: skip
    assert trained.returncode == 0, trained.stderr[-3000:]
    assert "LoRA v2: 2 steps, best step 2" in trained.stdout
    # the studio's lines only: no loading bars, no libraries' fallback warnings
    for noise in ("Loading pipeline components", "Loading weights", "torchvision"):
        assert noise not in trained.stdout + trained.stderr, noise
    assert show_lora(studio, name).version == 2

    compared = aistudio(tmp_path, "lora", "compare", name, "v1", "2")
    assert compared.returncode == 0, compared.stderr
    grid = cv2.imread(str(studio.home / "models/andie/lora/compare-v1-v2.png"))
    # one row a version; v2 drew one sample, so one column: the prompt both versions drew
    assert grid.shape == (HEAD_H + 2 * (THUMB + 8), LABEL_W + THUMB + 8, 3)
    # The grid is made of generated samples: `aistudio verify` says it is AI-made, and whose.
    said = aistudio(tmp_path, "verify", str(studio.home / "models/andie/lora/compare-v1-v2.png"))
    assert said.returncode == 0 and "trainedAlgorithmicMedia" in said.stdout, said.stdout
    assert f"-> model {name}, run compare-v1-v2" in said.stdout, said.stdout
    assert "C2PA Valid" in said.stdout, said.stdout
    alone = aistudio(tmp_path, "lora", "compare", name, "1")
    assert alone.returncode != 0 and "two versions or more" in alone.stderr

    # The dataset was made for a new model's family, Z-Image: what `lora train` trains unless
    # told, publishing a file in ComfyUI's layout
    zimage = tiny_zimage(tmp_path_factory.mktemp("zimage") / "base")
    trained = aistudio(
        tmp_path, "lora", "train", name, "--base", str(zimage), "--steps", "2", "--rank", "4",
        "--resolution", "32", "--checkpoint-every", "2", "--samples", "1", "--sample-steps",
        "1", "--base-license", "apache-2.0", "--verbose", timeout=600,
    )  # fmt: skip
    assert trained.returncode == 0, trained.stderr[-3000:]
    assert "Loading pipeline components" in trained.stderr  # --verbose: the rest too
    third = show_lora(studio, name)
    assert (third.version, third.family, third.base_license) == (3, "zimage", "apache-2.0")
    with safe_open(str(third.file), "pt") as f:
        names = list(f.keys())
        assert names and all(k.startswith("diffusion_model.") for k in names)
        assert f.metadata()["aistudio.base_license"] == "apache-2.0"
    kohya_z = aistudio(tmp_path, "lora", "export", name, "--format", "kohya")
    assert kohya_z.returncode != 0 and "--format comfyui" in kohya_z.stderr
    for number, (family, make) in enumerate(
        [("flux2-klein", tiny_flux2_klein), ("qwen-image", tiny_qwen_image)], start=4
    ):  # the other two 2026 families, their samples drawn from the kept prompt encodings
        other = make(tmp_path_factory.mktemp(family) / "base")
        trained = aistudio(
            tmp_path, "lora", "train", name, "--base", str(other), "--family", family,
            "--steps", "2", "--rank", "4", "--resolution", "32", "--checkpoint-every", "2",
            "--samples", "1", "--sample-steps", "1", "--base-license", "apache-2.0",
            timeout=600,
        )  # fmt: skip
        assert trained.returncode == 0, trained.stderr[-3000:]
        made = show_lora(studio, name)
        assert (made.version, made.family, made.status) == (number, family, "done")
        assert list(Path(made.training_dir, "samples").rglob("00.jpg"))


def _events(studio: Studio, name: str) -> list[tuple[str, dict[str, object]]]:
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=name)
        return [(e.action, json.loads(e.detail)) for e in audit.events(session, model_id=model_id)]


def test_a_lora_cites_the_consent_its_training_checked_and_is_refused_once_revoked(
    studio: Studio, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    from safetensors import safe_open

    base = shared_sd15(tmp_path_factory.getbasetemp())
    name = processed(studio, tmp_path)
    data = dataset.build_dataset(studio, name)
    # (A subject each: two like records in one second would share a hash.)
    first = set_consent(studio, name, kind="synthetic", scopes="sfw", attest_adult=True,
                        subject="first")  # fmt: skip
    quick = PARAMS.model_copy(update={"samples": 0, "steps": 2})
    train_model(studio, name, str(base), quick, device="cpu", unreviewed=True)
    info = show_lora(studio, name)
    assert info.consent_hash == first.record_hash and info.file
    events = _events(studio, name)
    actions = [a for a, _ in events]
    assert actions[-3:] == ["lora.unreviewed", "lora.train.start", "lora.train.finish"]
    for _, detail in events[-2:]:
        assert detail["consent_hash"] == first.record_hash
        assert detail["dataset_hash"] == data.hash
    # A newer record: the file still cites the record the training checked.
    second = set_consent(studio, name, kind="synthetic", scopes="sfw", attest_adult=True,
                         subject="second")  # fmt: skip
    assert second.record_hash != first.record_hash
    out = tmp_path / "again.safetensors"
    exported = aistudio(tmp_path, "lora", "export", name, "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    with safe_open(str(out), "pt") as f:
        assert f.metadata()["aistudio.consent_hash"] == first.record_hash
    action, detail = _events(studio, name)[-1]
    assert action == "lora.export" and detail["consent_hash"] == first.record_hash
    assert detail["sha256"] == sha256_file(out)
    checked = aistudio(tmp_path, "lora", "verify", str(out), "--json")
    found = json.loads(checked.stdout)
    assert checked.returncode == 1 and found["consent"] == "superseded"
    assert found["dataset"] == f"{name} dataset v{data.version}"
    # Revoked: no export, and verify says so.
    revoke_consent(studio, name)
    refused = aistudio(tmp_path, "lora", "export", name, "--out", str(tmp_path / "x.safetensors"))
    assert refused.returncode == 2 and "revoked" in refused.stderr
    assert "Traceback" not in refused.stderr and not (tmp_path / "x.safetensors").exists()
    assert _events(studio, name)[-1][0] == "consent.revoke"
    shown = aistudio(tmp_path, "lora", "verify", info.file)
    assert shown.returncode == 1 and "revoked" in shown.stdout, shown.stdout
    # A new record after the revocation does not revive a LoRA trained under the revoked one.
    third = set_consent(studio, name, kind="synthetic", scopes="sfw", attest_adult=True,
                        subject="third")  # fmt: skip
    with pytest.raises(ConsentError, match="revoked"):
        export_lora(studio, name, out=tmp_path / "y.safetensors")
    # Trained again under it (the same inputs: the done version), its file cites the new one.
    again = train_model(studio, name, str(base), quick, device="cpu", unreviewed=True)
    assert again.version == 1 and show_lora(studio, name).consent_hash == third.record_hash
    with safe_open(info.file, "pt") as f:
        assert f.metadata()["aistudio.consent_hash"] == third.record_hash
    export_lora(studio, name, out=tmp_path / "y.safetensors")
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"not a lora")
    bad = aistudio(tmp_path, "lora", "verify", str(junk))
    assert bad.returncode == 2 and "junk.safetensors" in bad.stderr


def test_consent_revoked_while_training_publishes_no_file(
    studio: Studio, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    base = shared_sd15(tmp_path_factory.getbasetemp())
    name = processed(studio, tmp_path)
    dataset.build_dataset(studio, name)

    def revoke(step: int, total: int, loss: float) -> None:
        if step == 1:
            revoke_consent(studio, name)

    quick = PARAMS.model_copy(update={"samples": 0, "steps": 2})
    with pytest.raises(ConsentError, match="revoked"):
        train_model(studio, name, str(base), quick, device="cpu", unreviewed=True,
                    progress=revoke)  # fmt: skip
    info = show_lora(studio, name)
    assert info.file is None and info.status == "training"
    assert not list((studio.home / "models" / name / "lora").glob("*.safetensors"))


def test_revoke_purge_removes_what_the_photos_made_and_share_links_stop_working(
    studio: Studio,
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
    s3_endpoint: str,
    s3_bucket: str,
) -> None:
    import urllib.error
    import urllib.request

    import boto3

    from aistudio.db.tables import ImageScore
    from aistudio.storage.sync import share_links

    base = shared_sd15(tmp_path_factory.getbasetemp())
    name = processed(studio, tmp_path)
    dataset.build_dataset(studio, name)
    quick = PARAMS.model_copy(update={"samples": 0, "steps": 2})
    train_model(studio, name, str(base), quick, device="cpu", unreviewed=True)
    root = studio.home / "models" / name
    cached = list((studio.home / "cache" / "encodings").glob("*.safetensors"))
    assert len(cached) == 1 and list((root / "lora").glob("*.safetensors"))
    s3 = boto3.client("s3", endpoint_url=s3_endpoint)
    # As another machine of a shared store would have kept its LoRA file.
    s3.put_object(Bucket=s3_bucket, Key="studio/andie/lora/andie_v1.safetensors", Body=b"lora")
    url = share_links(studio, name)[0][1]
    with urllib.request.urlopen(url) as got:
        assert got.status == 200
    env = {"AISTUDIO_S3_BUCKET": s3_bucket, "AISTUDIO_S3_PREFIX": "studio"}
    proc = aistudio(tmp_path, "consent", "revoke", name, "--purge", **env)
    assert proc.returncode == 0, proc.stderr
    for line in ("removed models/andie/datasets/", "removed models/andie/training/",
                 "removed models/andie/lora/", "removed studio/andie/lora/andie_v1.safetensors",
                 f"removed {cached[0].relative_to(studio.home).as_posix()}"):  # fmt: skip
        assert line in proc.stdout, proc.stdout
    for sub in ("datasets", "training", "lora"):
        assert not (root / sub).exists()
    assert not cached[0].exists() and not list((root / "results").rglob("*.jpg"))
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=s3_bucket).get("Contents", [])]
    assert keys and all(k.startswith(("studio/andie/source/", "studio/andie/targets/"))
                        for k in keys), keys  # fmt: skip
    with studio.read() as session:  # the results' face measures went with them
        assert session.exec(select(ImageScore)).all() == []
    assert all(p.is_file() for p in (root / "source").glob("*.jpg"))  # the inputs stay
    with pytest.raises(urllib.error.HTTPError) as gone:
        urllib.request.urlopen(url)
    assert gone.value.code == 404
    shared = aistudio(tmp_path, "share", name, **env)
    assert shared.returncode == 2 and "no consent in force" in shared.stderr
    assert show_lora(studio, name).file is None


def test_a_training_larger_than_its_family_allows_is_refused_naming_the_limit(
    tmp_path: Path,
) -> None:
    # The defaults are untouched by the limits; a request for weeks of GPU time is not.
    assert resolve(TrainParams(), "sd15").steps == 1500
    assert resolve(TrainParams(family="sdxl")).resolution == 1024
    asks = {
        ("--steps", "10000000"): "--steps: at most 50000 for Stable Diffusion 1.5, not 10000000",
        ("--resolution", "100000"): "--resolution: at most 1024 for Stable Diffusion 1.5",
        ("--sample-steps", "100000"): "--sample-steps: at most 150 for Stable Diffusion 1.5",
        ("--keep-checkpoints", "0"): "--keep-checkpoints: at least 1 (the one to resume from)",
    }
    for (option, value), message in asks.items():
        proc = aistudio(tmp_path, "lora", "train", "andie", "--family", "sd15", option, value)
        assert_user_error(proc, message)
    # A rule across options says itself, with no option name made up for it.
    proc = aistudio(
        tmp_path, "lora", "train", "andie", "--family", "flux", "--text-encoder-lr", "1e-5"
    )
    assert_user_error(proc, "error: FLUX.1 trains no text encoder LoRA")
    assert not (tmp_path / "studio" / "models").exists()  # refused before anything was made


def test_an_exported_file_names_a_local_base_without_its_path(tmp_path: Path) -> None:
    """The attack: a shared LoRA that tells who made it and where (/home/<user>/...)."""
    from aistudio.training.publish import public_base

    (tmp_path / "sd15").mkdir()
    assert public_base(str(tmp_path / "sd15")) == "sd15"
    assert public_base("/home/alice/models/flux-dev.safetensors") == "flux-dev.safetensors"
    assert public_base("~/models/sdxl/") == "sdxl"
    assert public_base(r"C:\Users\alice\models\sd15") == "sd15"
    assert public_base("runwayml/stable-diffusion-v1-5") == "runwayml/stable-diffusion-v1-5"
