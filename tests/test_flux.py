"""Flux.1: kohya's module names for a full-size Flux.1 transformer (the original model's fused
projections), and a LoRA trained on a tiny Flux-shaped pipeline that resumes exactly, loads into
diffusers' FluxPipeline and whose fused kohya file holds exactly the weight change it learnt."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from aistudio.training import TrainParams, train
from aistudio.training.checkpoint import latest
from aistudio.training.families.flux import flux_targets
from aistudio.training.families.flux import kohya_name as kohya_flux_name
from aistudio.training.lora_files import load_lora
from aistudio.training.lora_files.fusion import fuse
from aistudio.training.lora_files.kohya import to_kohya
from tests.fakes.sd import draw, tiny_flux
from tests.fakes.training import tiny_dataset

PARAMS = TrainParams(family="flux", rank=4, alpha=2, steps=4, lr=1e-3, resolution=32,
                     checkpoint_every=2, seed=9)  # fmt: skip


@lru_cache(maxsize=1)
def shared_sd15(root: Path) -> Path:
    return tiny_flux(root / "tiny-flux")


def test_a_full_size_flux_transformer_gets_kohyas_304_module_names() -> None:
    import torch
    from diffusers import FluxTransformer2DModel

    with torch.device("meta"):
        model = FluxTransformer2DModel(guidance_embeds=True)  # Flux.1-dev's shape
    modules = flux_targets(model)
    names = {kohya_flux_name(m)[0] for m in modules}
    # The modules diffusers' reader of kohya (sd-scripts) Flux LoRAs looks for, 19 double and
    # 38 single blocks; kohya logs "create LoRA for FLUX all blocks: 304 modules".
    double = ["img_attn_qkv", "img_attn_proj", "img_mlp_0", "img_mlp_2", "img_mod_lin",
              "txt_attn_qkv", "txt_attn_proj", "txt_mlp_0", "txt_mlp_2", "txt_mod_lin"]  # fmt: skip
    want = {f"lora_unet_double_blocks_{i}_{n}" for i in range(19) for n in double}
    want |= {f"lora_unet_single_blocks_{i}_{n}" for i in range(38)
             for n in ("linear1", "linear2", "modulation_lin")}  # fmt: skip
    assert names == want and len(names) == 304
    # A rank-16 LoRA's fused single-block input: q, k, v and the MLP, as the reader splits it
    state = {}
    for m in modules:
        layer = model.get_submodule(m)
        state[f"{m}.lora_A.weight"] = torch.empty(16, layer.in_features, device="meta")
        state[f"{m}.lora_B.weight"] = torch.empty(layer.out_features, 16, device="meta")
    fused = fuse(state, kohya_flux_name)
    _, up, parts = fused["lora_unet_single_blocks_0_linear1"]
    assert up.shape == (3 * 3072 + 12288, 64) and parts == 4  # alpha 16 * 4 = 64
    assert fused["lora_unet_double_blocks_0_img_attn_qkv"][0].shape == (48, 3072)


def test_a_flux_lora_resumes_exactly_loads_into_diffusers_and_fuses_losslessly(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    import torch
    from diffusers import FluxPipeline
    from safetensors.torch import load_file

    base = shared_sd15(tmp_path_factory.getbasetemp())
    data = tiny_dataset(tmp_path / "dataset")
    whole = train(str(base), data, tmp_path / "whole", PARAMS)
    train(str(base), data, tmp_path / "parts", PARAMS, stop_after=3)
    rest = train(str(base), data, tmp_path / "parts", PARAMS)
    assert rest.resumed_from == 2 and rest.losses == whole.losses[2:]
    a, b = load_file(whole.path), load_file(rest.path)
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)

    assert np.abs(draw("flux", base, Path(whole.path)) - draw("flux", base)).max() > 1e-3

    last = latest(tmp_path / "whole")
    assert last is not None
    peft, rank, alpha = load_lora(last)
    kohya = to_kohya(peft, alpha, family="flux")
    assert {k.rsplit(".", 2)[0] for k in kohya if k.endswith("lora_down.weight")} == {
        kohya_flux_name(m)[0] for m in flux_targets(FluxPipeline.from_pretrained(base).transformer)
    }
    # Each fused module's weight change is its parts' changes stacked, to fp16's precision.
    for name, parts in (
        ("lora_unet_double_blocks_0_img_attn_qkv", ["attn.to_q", "attn.to_k", "attn.to_v"]),
        ("lora_unet_single_blocks_0_linear1",
         ["attn.to_q", "attn.to_k", "attn.to_v", "proj_mlp"]),
    ):  # fmt: skip
        block = "transformer_blocks.0" if "double" in name else "single_transformer_blocks.0"
        down, up = (kohya[f"{name}.lora_{p}.weight"].float() for p in ("down", "up"))
        fused = float(kohya[f"{name}.alpha"]) / down.shape[0] * up @ down
        stacked = torch.cat([
            alpha / rank * peft[f"{block}.{p}.lora_B.weight"] @ peft[f"{block}.{p}.lora_A.weight"]
            for p in parts
        ])  # fmt: skip
        assert torch.allclose(fused, stacked, atol=1e-4) and stacked.abs().max() > 1e-4
