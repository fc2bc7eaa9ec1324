"""SDXL: kohya's module names for a full-size SDXL UNet (the original UNet's block numbering),
and a LoRA trained on a tiny SDXL-shaped pipeline whose kohya file diffusers' loader reads back
to the image the diffusers-format file draws."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from aistudio.training import TrainParams, train
from aistudio.training.checkpoint import latest
from aistudio.training.families.unet import lora_targets
from aistudio.training.lora_files import load_lora, write_kohya
from aistudio.training.lora_files.kohya import kohya_name
from tests.fakes.sd import draw, tiny_sdxl
from tests.fakes.training import tiny_dataset

PARAMS = TrainParams(family="sdxl", rank=4, steps=4, lr=1e-3, resolution=32,
                     checkpoint_every=2, seed=5)  # fmt: skip


@lru_cache(maxsize=1)
def shared_sd15(root: Path) -> Path:
    return tiny_sdxl(root / "tiny-sdxl")


def test_a_full_size_sdxl_unet_gets_kohyas_722_module_names() -> None:
    import torch
    from diffusers import UNet2DConditionModel

    with torch.device("meta"):
        unet = UNet2DConditionModel(  # SDXL base 1.0's UNet config
            sample_size=128,
            down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
            up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
            block_out_channels=(320, 640, 1280),
            layers_per_block=2,
            transformer_layers_per_block=(1, 2, 10),
            attention_head_dim=(5, 10, 20),
            cross_attention_dim=2048,
            use_linear_projection=True,
            addition_embed_type="text_time",
            addition_time_embed_dim=256,
            projection_class_embeddings_input_dim=2816,
        )
    names = [kohya_name(m, family="sdxl") for m in lora_targets(unet)]
    # kohya's log for an SDXL LoRA: "create LoRA for U-Net: 722 modules."
    assert len(names) == len(set(names)) == 722
    for known in (  # as kohya's SDXL LoRAs name them
        "lora_unet_input_blocks_4_1_proj_in",
        "lora_unet_input_blocks_8_1_transformer_blocks_9_attn1_to_q",
        "lora_unet_middle_block_1_transformer_blocks_9_attn1_to_q",
        "lora_unet_middle_block_1_proj_in",
        "lora_unet_output_blocks_0_1_transformer_blocks_9_ff_net_0_proj",
        "lora_unet_output_blocks_5_1_transformer_blocks_1_attn2_to_k",
        "lora_unet_output_blocks_3_1_transformer_blocks_0_ff_net_0_proj",
        "lora_unet_output_blocks_0_1_transformer_blocks_1_attn2_to_out_0",
    ):
        assert known in names


def test_an_sdxl_lora_trains_and_its_kohya_file_draws_what_the_diffusers_one_draws(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:

    base = shared_sd15(tmp_path_factory.getbasetemp())
    made = train(str(base), tiny_dataset(tmp_path / "dataset"), tmp_path / "lora", PARAMS)
    assert made.steps == 4 and len(set(made.losses)) == 4
    last = latest(tmp_path / "lora")
    assert last is not None
    weights, rank, alpha = load_lora(last)
    assert (rank, alpha) == (4, 4.0)
    kohya = write_kohya(tmp_path / "andie.safetensors", weights, alpha, {}, family="sdxl")

    plain, a = draw("sdxl", base), draw("sdxl", base, kohya)
    b = draw("sdxl", base, Path(made.path))
    assert np.abs(a - b).max() < 2e-3 < np.abs(b - plain).max()
