"""LoRA training on a tiny SD 1.5-shaped pipeline built from config: it learns, a stopped run
resumes from its checkpoint to the very weights of one never stopped, and the LoRA it writes
loads into a diffusers pipeline and changes what it draws."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from aistudio import captions, dataset
from aistudio.consent import audit
from aistudio.core.config import save_model_config
from aistudio.core.errors import UserError
from aistudio.studio import Studio
from aistudio.training import checkpoint, show_lora, train, train_model
from aistudio.training.checkpoint import latest
from tests.fakes.datasets import processed
from tests.fakes.sd import draw, shared_sd15
from tests.fakes.training import PARAMS, tiny_dataset


def test_a_stopped_run_resumes_to_the_weights_of_an_unstopped_one(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    from safetensors.torch import load_file

    base = str(shared_sd15(tmp_path_factory.getbasetemp()))
    data = tiny_dataset(tmp_path / "dataset")
    whole = train(base, data, tmp_path / "whole", PARAMS, device="cpu")
    assert (whole.steps, whole.resumed_from, len(whole.losses)) == (6, 0, 6)
    part = train(base, data, tmp_path / "parts", PARAMS, device="cpu", stop_after=3)
    assert part.steps == 3 and not Path(part.path).exists()  # no LoRA until the end
    assert latest(tmp_path / "parts") == tmp_path / "parts/checkpoints/step-000002"
    rest = train(base, data, tmp_path / "parts", PARAMS, device="cpu")
    assert (rest.steps, rest.resumed_from) == (6, 2)  # step 3 was lost with the "kill"
    assert part.losses[:2] + rest.losses == whole.losses  # the same steps, in the same order
    a, b = load_file(whole.path), load_file(rest.path)
    assert a.keys() == b.keys() and len(a) == 96  # 12 modules x 4 transformers x up, down
    assert all(np.array_equal(a[k].numpy(), b[k].numpy()) for k in a)
    assert not list((tmp_path / "parts/checkpoints").glob(".tmp-*"))
    steps = sorted(p.name for p in (tmp_path / "parts/checkpoints").glob("step-*"))
    assert steps == ["step-000002", "step-000004", "step-000006"]
    other = train(base, data, tmp_path / "seed8", PARAMS.model_copy(update={"seed": 8}))
    assert other.losses != whole.losses  # the seed decides: the equality above is not luck


def test_the_lora_loads_into_a_diffusers_pipeline_and_changes_its_output(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    base = shared_sd15(tmp_path_factory.getbasetemp())
    made = train(str(base), tiny_dataset(tmp_path / "dataset"), tmp_path / "lora", PARAMS)
    assert np.abs(draw("sd15", base, Path(made.path)) - draw("sd15", base)).max() > 1e-3


def test_a_folder_that_is_not_a_dataset_is_refused_by_name(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    base = str(shared_sd15(tmp_path_factory.getbasetemp()))
    with pytest.raises(UserError, match="not a dataset version"):
        train(base, tmp_path, tmp_path / "out", PARAMS, device="cpu")


def test_training_takes_reviewed_captions_unless_told_and_a_rerun_resumes(
    studio: Studio, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    base = str(shared_sd15(tmp_path_factory.getbasetemp()))
    name = processed(studio, tmp_path)
    dataset.build_dataset(studio, name)
    params = PARAMS.model_copy(update={"steps": 2})
    with pytest.raises(UserError, match="nobody reviewed"):
        train_model(studio, name, base, params, device="cpu")
    made = train_model(studio, name, base, params, unreviewed=True, device="cpu")
    folder = Path(made.path).parent
    assert made.steps == 2 and folder.parent == studio.home / "models" / name / "training"
    again = train_model(studio, name, base, params, unreviewed=True, device="cpu")
    assert (again.resumed_from, again.losses) == (2, [])  # done: nothing trained twice
    captions.caption_dataset(studio, name)
    captions.approve(studio, name)
    # A model marked commercial: the tiny base says no license, so it is refused, by name...
    config = studio.config(name).model_copy(update={"commercial": True})
    save_model_config(studio.paths(name).config, config)
    with pytest.raises(UserError, match="license could not be found"):
        train_model(studio, name, base, params, device="cpu")
    (Path(base) / "README.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n")
    with pytest.raises(UserError, match=r"cc-by-nc-4.0 \(model card\), which forbids commercial"):
        train_model(studio, name, base, params, device="cpu")
    # ... until the user overrides it, which the audit log keeps
    reviewed = train_model(studio, name, base, params, device="cpu", license_override=True)
    (Path(base) / "README.md").unlink()
    assert Path(reviewed.path).parent != folder  # other captions, another training
    assert show_lora(studio, name).base_license == "cc-by-nc-4.0"
    with studio.read() as session:
        found = [e for e in audit.events(session) if e.action == "license_override"]
    assert len(found) == 1 and json.loads(found[0].detail)["license"] == "cc-by-nc-4.0"


def test_the_face_region_weighs_more_and_the_weights_average_one() -> None:
    from aistudio.training.loop import face_mask

    mask = face_mask((0.25, 0.25, 0.5, 0.5), (8, 8), 3.0)[0, 0].numpy()
    assert mask.mean() == pytest.approx(1.0)
    assert mask[4, 4] == pytest.approx(3 * mask[0, 0])  # the face's centre vs a corner
    assert (mask > mask[0, 0]).sum() == 16  # exactly the 4x4 box
    assert (face_mask(None, (8, 8), 3.0) == 1).all() and (
        face_mask((0, 0, 1, 1), (8, 8), 1) == 1
    ).all()


def test_the_identity_scorer_ranks_the_persona_above_noise_and_picks_that_step() -> None:
    from aistudio.media.faces import get_detector
    from aistudio.training.scoring import best_step, bleed, descriptors, score_samples
    from tests.fakes.photos import stranger, variant

    detector = get_detector()
    refs = [d for d in descriptors([variant(i, 512) for i in (1, 2)], detector, 0.6) if d]
    train = [d for d in descriptors([variant(3, 512)], detector, 0.6) if d]
    assert len(refs) == 2 and len(train) == 1
    noise = np.random.default_rng(0).integers(0, 256, (512, 512, 3), dtype=np.uint8)
    persona = score_samples(descriptors([variant(4, 512), noise], detector, 0.6), refs, train)
    other = score_samples(descriptors([stranger(), noise], detector, 0.6), refs, train)
    blank = score_samples(descriptors([noise, noise], detector, 0.6), refs, train)
    assert persona.face_rate == other.face_rate == 0.5 and blank.face_rate == 0
    assert persona.identity is not None and other.identity is not None
    assert persona.score > other.score and blank.score == 0 and blank.identity is None
    metrics = {"100": blank.as_metrics(), "200": persona.as_metrics(), "300": other.as_metrics()}
    assert best_step(metrics) == 200
    # without the trigger, the persona's face is bleed; a stranger's much less
    found = descriptors([variant(5, 512)], detector, 0.6)
    assert (bleed(found, refs) or 0) > (bleed(descriptors([stranger()], detector, 0.6), refs) or 0)
    assert bleed(descriptors([noise], detector, 0.6), refs) is None


def test_a_second_training_of_the_same_data_reads_the_encodings_from_the_cache(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aistudio.training.families import unet

    base = str(shared_sd15(tmp_path_factory.getbasetemp()))
    data = tiny_dataset(tmp_path / "dataset")
    short = PARAMS.model_copy(update={"steps": 2})
    cache = tmp_path / "cache.safetensors"
    first = train(base, data, tmp_path / "a", short, device="cpu", cache=cache)
    assert cache.is_file()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the encoders ran again")

    monkeypatch.setattr(unet.UNetAdapter, "encode_image", refuse)
    monkeypatch.setattr(unet.UNetAdapter, "encode_text", refuse)
    second = train(base, data, tmp_path / "b", short, device="cpu", cache=cache)
    assert second.losses == first.losses  # the very same encodings


def test_gradient_checkpointing_trains_the_same_weights(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    base = str(shared_sd15(tmp_path_factory.getbasetemp()))
    data = tiny_dataset(tmp_path / "dataset")
    short = PARAMS.model_copy(update={"steps": 3})
    plain = train(base, data, tmp_path / "a", short, device="cpu")
    saved = short.model_copy(update={"gradient_checkpointing": True})
    recomputed = train(base, data, tmp_path / "b", saved, device="cpu")
    assert recomputed.losses == plain.losses


def test_an_averaged_training_resumes_exactly_and_exports_the_average(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    import torch
    from safetensors.torch import load_file

    base = str(shared_sd15(tmp_path_factory.getbasetemp()))
    data = tiny_dataset(tmp_path / "dataset")
    plain = train(base, data, tmp_path / "plain", PARAMS, device="cpu")
    ema = PARAMS.model_copy(update={"ema_decay": 0.5, "checkpoint_every": 1})
    whole = train(base, data, tmp_path / "whole", ema, device="cpu")
    assert whole.losses == plain.losses  # the average never feeds back into training
    train(base, data, tmp_path / "parts", ema, device="cpu", stop_after=3)
    rest = train(base, data, tmp_path / "parts", ema, device="cpu")
    a, b, raw = load_file(whole.path), load_file(rest.path), load_file(plain.path)
    assert all(torch.equal(a[k], b[k]) for k in a)  # the average resumed exactly too
    assert not all(torch.equal(a[k], raw[k]) for k in a)  # the file holds the average

    def at(step: int, name: str) -> dict[str, torch.Tensor]:
        return load_file(tmp_path / f"whole/checkpoints/step-00000{step}/{name}.safetensors")

    # each step: average <- 0.5 average + 0.5 weights
    five, six, weights = at(5, "lora_ema"), at(6, "lora_ema"), at(6, "lora")
    for key in six:
        assert torch.allclose(six[key], 0.5 * five[key] + 0.5 * weights[key], atol=1e-6)
    assert all(torch.equal(six[k], a[f"unet.{k}"]) for k in six)  # the file is step 6's


def test_a_base_that_cannot_be_loaded_is_a_clear_error(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    from aistudio.core.errors import ConfigError

    data = tiny_dataset(tmp_path / "dataset")
    with pytest.raises(ConfigError, match="could not be loaded as a StableDiffusionPipeline"):
        train(str(tmp_path / "no-such-model"), data, tmp_path / "out", PARAMS, device="cpu")
    with pytest.raises(ConfigError, match="could not be loaded as a FluxPipeline"):
        flux = PARAMS.model_copy(update={"family": "flux"})
        sd15 = shared_sd15(tmp_path_factory.getbasetemp())  # an SD 1.5 folder is no Flux
        train(str(sd15), data, tmp_path / "out2", flux, device="cpu")


def test_an_int8_base_and_8bit_adamw_train_and_resume_exactly(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import torch
    from safetensors.torch import load_file

    from aistudio.training import memory

    monkeypatch.setattr(memory, "MIN_8BIT_SIZE", 16)  # the tiny LoRA's tensors count too

    base = str(shared_sd15(tmp_path_factory.getbasetemp()))
    data = tiny_dataset(tmp_path / "dataset")
    small = PARAMS.model_copy(update={"steps": 4, "optimizer": "adamw8bit",
                                      "base_precision": "int8"})  # fmt: skip
    whole = train(base, data, tmp_path / "whole", small, device="cpu")
    train(base, data, tmp_path / "parts", small, device="cpu", stop_after=3)
    rest = train(base, data, tmp_path / "parts", small, device="cpu")
    assert rest.resumed_from == 2 and rest.losses == whole.losses[2:]
    a, b = load_file(whole.path), load_file(rest.path)
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    state = torch.load(tmp_path / "parts/checkpoints/step-000004/optimizer.pt")
    moments = [s.get("__bnb_optimizer_quant_state__", s) for s in state["state"].values()]
    assert {m["state1"].dtype for m in moments} == {torch.uint8}  # 8 bits a value
    plain = train(base, data, tmp_path / "plain", small.model_copy(
        update={"optimizer": "adamw", "base_precision": "full"}), device="cpu")  # fmt: skip
    assert plain.losses != whole.losses  # quantization and 8-bit moments did change the run


def _checkpoints(out: Path, *steps: int) -> None:
    """Complete checkpoint folders (as save leaves them) and `latest` at the last."""
    for step in steps:
        folder = out / "checkpoints" / f"step-{step:06d}"
        folder.mkdir(parents=True)
        (folder / "state.json").write_text(json.dumps({"step": step}))
    (out / "checkpoints" / "latest").write_text(f"step-{steps[-1]:06d}\n")


def test_old_checkpoints_are_pruned_but_the_best_and_the_resume_point(tmp_path: Path) -> None:
    _checkpoints(tmp_path, 2, 4, 6, 8, 10, 12)
    assert checkpoint.prune(tmp_path, 2, best=4) == [2, 6, 8]
    assert checkpoint.steps(tmp_path) == [4, 10, 12]
    (tmp_path / "checkpoints" / "latest").write_text("step-000010\n")  # a resume point, older
    assert checkpoint.prune(tmp_path, 1, best=None) == [4]  # the one `latest` names stays
    assert checkpoint.steps(tmp_path) == [10, 12] and not list(tmp_path.rglob(".old-*"))
    with pytest.raises(UserError, match="--keep-checkpoints: at least 1"):
        checkpoint.check_keep(0)


def test_a_training_keeps_its_last_checkpoints_and_its_best(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    base = str(shared_sd15(tmp_path_factory.getbasetemp()))
    data = tiny_dataset(tmp_path / "dataset")
    params = PARAMS.model_copy(update={"steps": 10})
    made = train(base, data, tmp_path / "run", params, device="cpu", keep_checkpoints=2,
                 best=lambda: 4)  # fmt: skip
    assert made.steps == 10 and checkpoint.steps(tmp_path / "run") == [4, 8, 10]
    assert not list((tmp_path / "run").rglob(".old-*"))
    with pytest.raises(UserError, match="--keep-checkpoints"):
        train(base, data, tmp_path / "none", params, keep_checkpoints=0)


def test_a_checkpoint_saved_again_replaces_the_old_one_only_once_it_is_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import torch

    _checkpoints(tmp_path, 2, 4)
    (tmp_path / "checkpoints" / "latest").write_text("step-000002\n")  # 4: saved, then killed
    real = os.replace

    def dies_at_the_rename(src: Path, dst: Path) -> None:  # a kill just before the new 4 lands
        if Path(dst).name == "step-000004" and ".tmp-" in Path(src).name:
            raise SystemExit("killed")
        real(src, dst)

    monkeypatch.setattr(checkpoint.os, "replace", dies_at_the_rename)
    with pytest.raises(SystemExit):
        checkpoint.save(tmp_path, 4, {"w": torch.ones(2)}, {}, {"loss": 1.0})
    (old,) = (tmp_path / "checkpoints").glob(".old-step-000004-*")  # set aside, not deleted
    assert json.loads((old / "state.json").read_text()) == {"step": 4}
    assert checkpoint.latest(tmp_path) == tmp_path / "checkpoints/step-000002"
    monkeypatch.undo()
    with checkpoint.exclusive(tmp_path):  # the next start clears what the kill left
        assert not list((tmp_path / "checkpoints").glob(".*"))
    done = checkpoint.save(tmp_path, 4, {"w": torch.ones(2)}, {}, {"loss": 1.0})
    assert json.loads((done / "state.json").read_text())["loss"] == 1.0  # the new one
    assert checkpoint.latest(tmp_path) == done
    assert sorted(p.name for p in (tmp_path / "checkpoints").iterdir()) == [
        "latest", "step-000002", "step-000004"
    ]  # fmt: skip


FULL_DISK = """
import resource, sys
from pathlib import Path
from aistudio.training import TrainParams, train

# Files up to 100 kB: the LoRA's checkpoint fits, its optimizer state does not (EFBIG, as a
# full disk fails with ENOSPC)
resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
base, data, out, params = sys.argv[1:5]
train(base, Path(data), Path(out), TrainParams.model_validate_json(params), device="cpu")
"""


def test_a_disk_too_full_for_the_checkpoints_stops_training_clearly(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    import subprocess
    import sys

    from aistudio.core import diskcheck
    from aistudio.core.errors import OutputNotWritable
    from tests.conftest import REPO

    base = str(shared_sd15(tmp_path_factory.getbasetemp()))
    data = tiny_dataset(tmp_path / "dataset")
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    args = [base, str(data), str(tmp_path / "full"), PARAMS.model_dump_json()]
    proc = subprocess.run([sys.executable, "-c", FULL_DISK, *args], env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 1 and "OutputNotWritable: cannot write the checkpoint of step 2" in (
        proc.stderr
    ), proc.stderr[-3000:]
    assert "free some space" in proc.stderr
    assert list((tmp_path / "full/checkpoints").iterdir()) == []  # no half checkpoint left

    # Up front: a disk with less free than the checkpoints take is refused before step 1
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(diskcheck.shutil, "disk_usage", lambda _: usage._replace(free=10**6))
    with pytest.raises(OutputNotWritable, match=r"1 MB free.*nothing was trained yet"):
        train(base, data, tmp_path / "small", PARAMS, device="cpu")
    assert not list((tmp_path / "small").rglob("step-*"))


def test_a_dataset_folder_changed_by_hand_is_refused_until_rebuilt(
    studio: Studio, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    base = str(shared_sd15(tmp_path_factory.getbasetemp()))
    name = processed(studio, tmp_path)
    built = dataset.build_dataset(studio, name)
    folder = Path(built.path)
    meta = folder / "imagefolder" / "metadata.jsonl"
    written = meta.read_text()
    params = PARAMS.model_copy(update={"steps": 2, "samples": 0})
    # A caption edited in the file, not through the studio (no review, no caption log)
    meta.write_text(written.replace("a photo of", "a nude photo of", 1))
    with pytest.raises(UserError) as refused:
        train_model(studio, name, base, params, unreviewed=True, device="cpu")
    assert str(folder) in str(refused.value) and "captions" in str(refused.value)
    assert f"aistudio dataset build {name}" in str(refused.value)
    assert refused.value.exit_code == 2
    # An image swapped for another, its caption untouched
    meta.write_text(written)
    images = sorted((folder / "imagefolder").glob("*.jpg"))
    first = images[0].read_bytes()
    images[0].unlink()  # (the kohya copy is a hard link to the same bytes)
    images[0].write_bytes(images[-1].read_bytes())
    with pytest.raises(UserError, match=f"image imagefolder/{images[0].name} was changed"):
        train_model(studio, name, base, params, unreviewed=True, device="cpu")
    assert not (studio.home / "models" / name / "training").exists()  # nothing trained
    # Rebuilt, the same version is written again from the studio's own records, and trains
    again = dataset.build_dataset(studio, name)
    assert (again.version, again.hash) == (built.version, built.hash)
    assert meta.read_text() == written and images[0].read_bytes() != images[-1].read_bytes()
    assert len(images[0].read_bytes()) > 0 and first[:2] == images[0].read_bytes()[:2]
    made = train_model(studio, name, base, params, unreviewed=True, device="cpu")
    assert made.steps == 2


def test_save_and_sample_now_are_honoured_and_leave_the_weights_as_they_were(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    from safetensors.torch import load_file

    from aistudio.training import SampleSpec

    base = str(shared_sd15(tmp_path_factory.getbasetemp()))
    data = tiny_dataset(tmp_path / "dataset")
    spec = SampleSpec(prompts=["a photo of andie"], seeds=[1], steps=2, size=32)
    plain = train(base, data, tmp_path / "plain", PARAMS, samples=spec)
    asked = {3: {"save"}, 5: {"sample"}}
    seen: list[tuple[str, int, int]] = []
    made = train(
        base, data, tmp_path / "asked", PARAMS, samples=spec,
        requests=lambda step: asked.get(step, set()),
        on_samples=lambda step, drawn: seen.append(("sample", step, len(drawn))),
        on_checkpoint=lambda step, path, loss, drawn: seen.append(("ckpt", step, len(drawn))),
    )  # fmt: skip
    # a checkpoint at 3 besides 2, 4, 6 (samples drawn for each); samples alone at 5
    assert seen == [("ckpt", 2, 1), ("ckpt", 3, 1), ("ckpt", 4, 1), ("sample", 5, 1),
                    ("ckpt", 6, 1)]  # fmt: skip
    assert (tmp_path / "asked/checkpoints/step-000003").is_dir()
    a, b = load_file(plain.path), load_file(made.path)
    assert all(np.array_equal(a[k].numpy(), b[k].numpy()) for k in a)
    assert made.losses == plain.losses
