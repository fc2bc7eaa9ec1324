"""The kohya-format export: the key names kohya's sd-scripts writes for a full-size SD 1.5
UNet (built on the meta device: no weights), and a round trip through diffusers' own kohya
loader that draws exactly what the diffusers-format LoRA draws."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from aistudio.training import resolve, train
from aistudio.training.checkpoint import latest
from aistudio.training.families.unet import lora_targets
from aistudio.training.lora_files import kohya_metadata, load_lora, write_kohya
from aistudio.training.lora_files.kohya import kohya_name, to_kohya
from tests.fakes.sd import draw, shared_sd15
from tests.fakes.training import PARAMS, tiny_dataset


def test_a_full_size_sd15_unet_gets_kohyas_192_module_names() -> None:
    import torch
    from diffusers import UNet2DConditionModel

    with torch.device("meta"):
        unet = UNet2DConditionModel(cross_attention_dim=768, sample_size=64)  # SD 1.5's shape
    names = [kohya_name(m) for m in lora_targets(unet)]
    # kohya's log for an SD 1.5 LoRA: "create LoRA for U-Net: 192 modules."
    assert len(names) == len(set(names)) == 192
    for known in (
        "lora_unet_down_blocks_0_attentions_0_proj_in",
        "lora_unet_down_blocks_2_attentions_1_transformer_blocks_0_attn1_to_q",
        "lora_unet_mid_block_attentions_0_transformer_blocks_0_ff_net_0_proj",
        "lora_unet_up_blocks_3_attentions_2_transformer_blocks_0_attn2_to_out_0",
        "lora_unet_up_blocks_1_attentions_0_proj_out",
    ):
        assert known in names


def test_the_kohya_file_draws_what_the_diffusers_one_draws(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    from safetensors import safe_open

    base = shared_sd15(tmp_path_factory.getbasetemp())
    made = train(str(base), tiny_dataset(tmp_path / "dataset"), tmp_path / "lora", PARAMS)
    last = latest(tmp_path / "lora")
    assert last is not None
    meta = kohya_metadata(
        family="sd15", rank=PARAMS.rank, alpha=resolve(PARAMS).lora_alpha,
        resolution=PARAMS.resolution,
        steps=PARAMS.steps, trigger="andie", title="andie v1",
        tag_frequency={"20_andie person": {"a photo of andie": 3}},
        extra={"aistudio.dataset_hash": "abc"},
    )  # fmt: skip
    weights, rank, alpha = load_lora(last)
    assert (rank, alpha) == (4, 4.0)
    kohya = write_kohya(tmp_path / "andie.safetensors", weights, alpha, meta)
    with safe_open(str(kohya), "pt") as f:
        keys, stored = set(f.keys()), f.metadata()
    assert stored["modelspec.trigger_phrase"] == "andie" and stored["ss_network_dim"] == "4"
    assert json.loads(stored["ss_tag_frequency"]) == {"20_andie person": {"a photo of andie": 3}}
    modules = {k.rsplit(".", 2)[0] if "lora_" in k.split(".")[-2] else k.rsplit(".", 1)[0]
               for k in keys}  # fmt: skip
    assert all(m.startswith("lora_unet_") for m in modules) and len(keys) == 3 * len(modules)

    before, a, b = (
        draw("sd15", base),
        draw("sd15", base, kohya),
        draw("sd15", base, Path(made.path)),
    )
    # kohya's file is fp16 (as kohya saves): it draws the fp32 file's image to within fp16's
    # rounding, far closer than either is to the image without the LoRA.
    assert np.abs(a - b).max() < 2e-3 < np.abs(b - before).max()


def test_a_file_over_the_size_limit_is_resized_keeping_the_strongest_directions(
    tmp_path: Path,
) -> None:
    import torch
    from safetensors import safe_open

    from aistudio.training.lora_files.resize import resize

    g = torch.Generator().manual_seed(0)
    peft = {}
    for m, (i, o) in {"a.to_q": (32, 48), "b.proj_in": (64, 64), "c.ff": (40, 24)}.items():
        peft[f"{m}.lora_A.weight"] = torch.randn(8, i, generator=g)
        peft[f"{m}.lora_B.weight"] = torch.randn(o, 8, generator=g)
    kohya = to_kohya(peft, 4.0)

    def delta(state: dict[str, torch.Tensor], m: str) -> torch.Tensor:
        down, up = state[f"{m}.lora_down.weight"].float(), state[f"{m}.lora_up.weight"].float()
        return float(state[f"{m}.alpha"]) / down.shape[0] * up @ down

    modules = [kohya_name(m) for m in ("a.to_q", "b.proj_in", "c.ff")]
    same, kept = resize(kohya, dict.fromkeys(modules, 8))
    assert kept == pytest.approx(1.0)
    for m in modules:  # the full rank again: the very weight change, to fp16's precision
        assert torch.allclose(delta(same, m), delta(kohya, m), atol=2e-2, rtol=1e-2)
    two, _ = resize(kohya, dict.fromkeys(modules, 2))
    for m in modules:  # rank 2 loses exactly the 6 weaker singular values (Eckart-Young)
        s = torch.linalg.svdvals(delta(kohya, m))
        error = torch.linalg.matrix_norm(delta(two, m) - delta(kohya, m))
        assert float(error) == pytest.approx(float(s[2:].square().sum().sqrt()), rel=2e-2)
        assert two[f"{m}.lora_down.weight"].shape[0] == 2

    size = sum(v.numel() * 2 for v in kohya.values())
    path = write_kohya(tmp_path / "big.safetensors", peft, 4.0, {"ss_network_dim": "8"},
                       max_bytes=size // 2)  # fmt: skip
    with safe_open(str(path), "pt") as f:
        meta = f.metadata()
        ranks = {f.get_tensor(f"{m}.lora_down.weight").shape[0] for m in modules}
        stored = sum(f.get_tensor(k).numel() * 2 for k in f.keys())  # noqa: SIM118
    assert stored <= size // 2 and ranks == {3}  # under half the bytes: rank 8 x 0.499
    assert meta["ss_network_dim"] == "3" and 0 < float(meta["aistudio.resize_kept"]) < 1


def test_full_size_text_encoders_get_kohyas_72_and_264_module_names() -> None:
    import torch
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    from aistudio.training.families import text_targets

    vit_l = CLIPTextConfig(hidden_size=768, intermediate_size=3072, num_hidden_layers=12,
                           num_attention_heads=12, projection_dim=768)  # fmt: skip
    big_g = CLIPTextConfig(hidden_size=1280, intermediate_size=5120, num_hidden_layers=32,
                           num_attention_heads=20, projection_dim=1280)  # fmt: skip
    with torch.device("meta"):
        l_names = text_targets(CLIPTextModel(vit_l))
        g_names = text_targets(CLIPTextModelWithProjection(big_g))
    sd15 = [kohya_name(m, "text_encoder", "sd15") for m in l_names]
    # kohya: "create LoRA for Text Encoder: 72 modules." (SD 1.5), 264 for SDXL's two
    assert len(set(sd15)) == 72 and "lora_te_text_model_encoder_layers_0_self_attn_q_proj" in sd15
    sdxl = [kohya_name(m, "text_encoder", "sdxl") for m in l_names]
    sdxl += [kohya_name(m, "text_encoder_2", "sdxl") for m in g_names]
    assert len(set(sdxl)) == 264
    assert "lora_te1_text_model_encoder_layers_11_mlp_fc2" in sdxl
    assert "lora_te2_text_model_encoder_layers_31_self_attn_out_proj" in sdxl


def test_a_text_encoder_lora_resumes_exactly_and_both_formats_load_it(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    import torch
    from safetensors.torch import load_file

    from aistudio.training.lora_files import load_text_encoders

    base = shared_sd15(tmp_path_factory.getbasetemp())
    data = tiny_dataset(tmp_path / "dataset")
    params = PARAMS.model_copy(update={"text_encoder_lr": 1e-3, "alpha": 2})
    whole = train(str(base), data, tmp_path / "whole", params)
    train(str(base), data, tmp_path / "parts", params, stop_after=3)
    rest = train(str(base), data, tmp_path / "parts", params)
    a, b = load_file(whole.path), load_file(rest.path)
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    assert sum(k.startswith("text_encoder.") for k in a) == 2 * 12  # 2 layers x 6, A and B
    last = latest(tmp_path / "whole")
    assert last is not None
    weights, _, alpha = load_lora(last)
    tes = load_text_encoders(last)
    kohya = write_kohya(tmp_path / "te.safetensors", weights, alpha, {}, text_encoders=tes)
    assert sum(k.startswith("lora_te_") for k in load_file(kohya)) == 12 * 3

    # every text encoder module gets the LoRA, from either format, and they draw alike
    one = draw("sd15", base, kohya, part="text_encoder")
    assert np.abs(one - draw("sd15", base, Path(whole.path), part="text_encoder")).max() < 2e-3
