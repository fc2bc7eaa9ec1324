"""The 2026 families (Z-Image, FLUX.2 klein, Qwen-Image) on the shared trainer: a tiny
pipeline of each trains on CPU, resumes after a SIGKILL to the weights of a run never killed,
and exports a file in ComfyUI's layout that diffusers loads as it loads its own format; for
the full-size architectures (built on the meta device) the exported names are ComfyUI's."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from aistudio.core.errors import ConfigError
from aistudio.training import TrainParams, train
from aistudio.training.checkpoint import latest
from aistudio.training.loop import LORA_FILE
from aistudio.training.lora_files import load_lora, write_comfyui
from aistudio.training.lora_files.comfyui import PREFIX
from tests.conftest import REPO
from tests.fakes import qwen
from tests.fakes.sd import draw
from tests.fakes.training import tiny_dataset

pytestmark = pytest.mark.slow
DATA = Path(__file__).parent / "data"
FAMILIES = {
    "zimage": qwen.tiny_zimage,
    "flux2-klein": qwen.tiny_flux2_klein,
    "qwen-image": qwen.tiny_qwen_image,
}
CHILD = """
import os, signal, sys
from pathlib import Path
from aistudio.core.errors import ConfigError
from aistudio.training import TrainParams, train

def die(step, *_):
    if step == 2:
        os.kill(os.getpid(), signal.SIGKILL)

base, data, out, params = sys.argv[1:5]
train(base, Path(data), Path(out), TrainParams.model_validate_json(params), device="cpu",
      on_checkpoint=die)
"""


@lru_cache(maxsize=4)
def shared_sd15(root: Path, family: str) -> Path:
    return FAMILIES[family](root / f"tiny-{family}")


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_a_family_trains_resumes_after_sigkill_and_exports_for_comfyui_and_diffusers(
    family: str, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    from safetensors import safe_open
    from safetensors.torch import load_file

    base = str(shared_sd15(tmp_path_factory.getbasetemp(), family))
    data = tiny_dataset(tmp_path / "dataset")
    params = TrainParams(family=family, rank=4, steps=4, lr=1e-2, resolution=32,
                         checkpoint_every=2, seed=5)  # fmt: skip
    out = tmp_path / "killed"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-c", CHILD, base, str(data), str(out), params.model_dump_json()]
    child = subprocess.run(args, env=env, capture_output=True, timeout=300)
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()[-2000:]
    assert latest(out) == out / "checkpoints/step-000002"
    rest = train(base, data, out, params, device="cpu")
    whole = train(base, data, tmp_path / "whole", params, device="cpu")
    assert (rest.resumed_from, rest.steps) == (2, 4) and rest.losses == whole.losses[2:]
    a, b = load_file(whole.path), load_file(rest.path)
    assert a.keys() == b.keys() and all(np.array_equal(a[k].numpy(), b[k].numpy()) for k in a)

    weights, rank, alpha = load_lora(latest(out))
    comfy = write_comfyui(tmp_path / "comfy.safetensors", weights, alpha, rank,
                          {"ss_network_dim": str(rank)}, family)  # fmt: skip
    with safe_open(comfy, "pt") as f:
        keys = list(f.keys())
        assert "aistudio.resized_from" not in f.metadata()  # the trained rank, as trainers keep
    limit = _weight_bytes(comfy) // 2  # --max-mb: kohya's resize, to the rank that fits
    small = write_comfyui(tmp_path / "small.safetensors", weights, alpha, rank,
                          {"ss_network_dim": str(rank)}, family, limit)  # fmt: skip
    with safe_open(small, "pt") as f:
        assert "aistudio.resized_from" in f.metadata() and sorted(f.keys()) == sorted(keys)
    assert _weight_bytes(small) <= limit
    assert keys and all(k.startswith(PREFIX) and k.endswith((".lora_A.weight", ".lora_B.weight"))
                        for k in keys)  # fmt: skip
    plain = draw(family, Path(base))
    as_comfy = draw(family, Path(base), comfy)  # every trained module gets it, no other
    as_diffusers = draw(family, Path(base), tmp_path / "whole" / LORA_FILE)
    change = np.abs(as_comfy.astype(float) - plain).max()
    assert np.abs(as_comfy - as_diffusers).max() < change / 10  # as diffusers' own file does
    assert change > 1e-3  # (and that changes the output)


def _meta_transformer(cls: str, name: str) -> Any:
    import diffusers
    import torch

    config = json.loads((DATA / "configs" / f"{name}-transformer.json").read_text())
    config = {k: v for k, v in config.items() if not k.startswith("_")}
    with torch.device("meta"):
        return getattr(diffusers, cls)(**config)


def _names(family: str, net: Any) -> dict[str, tuple[int, ...]]:
    """The exported module names and their weight changes' shapes, for a rank-16 LoRA."""
    import torch

    from aistudio.training.families import family_module
    from aistudio.training.lora_files.comfyui import comfy_modules

    adapter: Any = family_module(family).Adapter
    state = {}
    for module in adapter.targets(SimpleNamespace(denoiser=net)):
        layer = net.get_submodule(module)
        state[f"{module}.lora_A.weight"] = torch.empty(16, layer.in_features, device="meta")
        state[f"{module}.lora_B.weight"] = torch.empty(layer.out_features, 16, device="meta")
    return {
        n: (up.shape[0], down.shape[1]) for n, (down, up) in comfy_modules(family, state).items()
    }


def test_z_image_names_are_those_comfyui_maps_onto_its_weights() -> None:
    comfy = json.loads((DATA / "comfyui/zimage.json").read_text())
    names = _names("zimage", _meta_transformer("ZImageTransformer2DModel", "zimage"))
    assert len(names) == 30 * 8 + 2 * 8 + 2 * 7  # q, k, v, out, w1-w3, adaLN (context: none)
    for name, (out, inp) in names.items():
        target, offset = comfy["lora_key_map"][name]  # ComfyUI's Lumina2 key map has it
        rows, cols = comfy["linear"][target]  # ... onto a weight its model has
        assert inp == cols and out == (offset[2] if offset else rows)
    fused = {k for k, v in comfy["lora_key_map"].items() if v[1]}
    assert {n for n in names if n.endswith(("to_q", "to_k", "to_v"))} == fused


@pytest.mark.parametrize("size", ["4b", "9b"])
def test_flux2_klein_names_are_comfyuis_weights_with_qkv_fused(size: str) -> None:
    comfy = json.loads((DATA / f"comfyui/flux2-klein-{size}.json").read_text())
    names = _names(
        "flux2-klein", _meta_transformer("Flux2Transformer2DModel", f"flux2-klein-{size}")
    )
    config = comfy["unet_config"]
    double, single = config["depth"], config["depth_single_blocks"]
    assert len(names) == double * 8 + single * 2  # qkv, proj, mlp.0, mlp.2 per stream
    for name, shape in names.items():
        assert comfy["linear"][name] == list(shape), name  # ComfyUI's generic map: its weights
    assert names[f"double_blocks.{double - 1}.img_attn.qkv"][0] == 3 * config["hidden_size"]


def test_qwen_image_names_are_comfyuis_weights() -> None:
    comfy = json.loads((DATA / "comfyui/qwen-image.json").read_text())
    names = _names("qwen-image", _meta_transformer("QwenImageTransformer2DModel", "qwen-image"))
    assert len(names) == 60 * 14  # attention 8, MLPs 4, modulations 2 per block
    for name, shape in names.items():
        assert comfy["linear"][name] == list(shape), name


def _comfy_z_image_file(folder: Path, dest: Path) -> Path:
    """The tiny Z-Image's transformer as ComfyUI keeps one (diffusion_models/): the original
    model's names, q, k and v fused, as comfy/utils.py's z_image_to_diffusers reads them."""
    import torch
    from diffusers import ZImageTransformer2DModel
    from safetensors.torch import save_file

    sd = ZImageTransformer2DModel.from_pretrained(folder / "transformer").state_dict()
    renames = {".attention.to_out.0.": ".attention.out.",
               ".attention.norm_q.": ".attention.q_norm.",
               ".attention.norm_k.": ".attention.k_norm.", "all_final_layer.2-1.": "final_layer.",
               "all_x_embedder.2-1.": "x_embedder."}  # fmt: skip
    out = {}
    for key, value in sd.items():
        if ".attention.to_k." in key or ".attention.to_v." in key:
            continue
        if ".attention.to_q." in key:
            qkv = [sd[key.replace("to_q", part)] for part in ("to_q", "to_k", "to_v")]
            out[key.replace(".to_q.", ".qkv.")] = torch.cat(qkv)
            continue
        for old, new in renames.items():
            key = key.replace(old, new)
        out[key] = value
    save_file(out, str(dest))
    return dest


_FLUX2_TOP = {"x_embedder.": "img_in.", "context_embedder.": "txt_in.",
              "time_guidance_embed.timestep_embedder.linear_1.": "time_in.in_layer.",
              "time_guidance_embed.timestep_embedder.linear_2.": "time_in.out_layer.",
              "time_guidance_embed.guidance_embedder.linear_1.": "guidance_in.in_layer.",
              "time_guidance_embed.guidance_embedder.linear_2.": "guidance_in.out_layer.",
              "double_stream_modulation_img.linear.": "double_stream_modulation_img.lin.",
              "double_stream_modulation_txt.linear.": "double_stream_modulation_txt.lin.",
              "single_stream_modulation.linear.": "single_stream_modulation.lin.",
              "proj_out.": "final_layer.linear."}  # fmt: skip
_FLUX2_BLOCKS = {
    "transformer_blocks": "double_blocks",
    "single_transformer_blocks": "single_blocks",
}
_FLUX2_NORMS = {  # (block kind, diffusers norm) -> the original's
    ("double_blocks", "attn.norm_q"): "img_attn.norm.query_norm",
    ("double_blocks", "attn.norm_k"): "img_attn.norm.key_norm",
    ("double_blocks", "attn.norm_added_q"): "txt_attn.norm.query_norm",
    ("double_blocks", "attn.norm_added_k"): "txt_attn.norm.key_norm",
    ("single_blocks", "attn.norm_q"): "norm.query_norm",
    ("single_blocks", "attn.norm_k"): "norm.key_norm",
}
_BLOCK = re.compile(r"^(\w+)\.(\d+)\.(.+)$")


def _comfy_flux2_file(folder: Path, dest: Path) -> Path:
    """The tiny klein's transformer under the original (BFL) names ComfyUI's FLUX.2 model
    has, the layout of the files users keep: each double block's q, k, v fused per stream,
    norms as `.scale`, the final modulation as (shift, scale)."""
    import torch
    from diffusers import Flux2Transformer2DModel
    from safetensors.torch import save_file

    from aistudio.training.families.flux2_klein import native_name

    sd = Flux2Transformer2DModel.from_pretrained(folder / "transformer").state_dict()
    out: dict[str, Any] = {}
    for key, value in sd.items():
        module, param = key.rsplit(".", 1)
        if key.startswith("norm_out.linear."):
            scale, shift = value.chunk(2)
            out[f"final_layer.adaLN_modulation.1.{param}"] = torch.cat([shift, scale])
        elif (found := _BLOCK.match(module)) and found.group(1) in _FLUX2_BLOCKS:
            kind, index, rest = _FLUX2_BLOCKS[found.group(1)], found.group(2), found.group(3)
            if (kind, rest) in _FLUX2_NORMS:
                out[f"{kind}.{index}.{_FLUX2_NORMS[kind, rest]}.scale"] = value
            else:
                name, place = native_name(module)
                out.setdefault(f"{name}.{param}", {})[place] = value
        else:
            old = next((o for o in _FLUX2_TOP if key.startswith(o)), "")
            out[key.replace(old, _FLUX2_TOP[old], 1) if old else key] = value
    fused = {k: torch.cat([v[i] for i in sorted(v)]) if isinstance(v, dict) else v
             for k, v in out.items()}  # fmt: skip
    save_file(fused, str(dest))
    return dest


def _native_qwen_file(folder: Path, dest: Path) -> Path:
    """The tiny Qwen-Image's transformer as ComfyUI's repackaged files keep it: its own names."""
    from diffusers import QwenImageTransformer2DModel
    from safetensors.torch import save_file

    sd = QwenImageTransformer2DModel.from_pretrained(folder / "transformer").state_dict()
    save_file({k: v.contiguous() for k, v in sd.items()}, str(dest))
    return dest


SINGLE_FILES = {
    "zimage": (_comfy_z_image_file, "zimage", "ZImageTransformer2DModel"),
    "flux2-klein": (_comfy_flux2_file, "flux2-klein-4b", "Flux2Transformer2DModel"),
    "qwen-image": (_native_qwen_file, "qwen-image", "QwenImageTransformer2DModel"),
}


@pytest.mark.parametrize("family", sorted(SINGLE_FILES))
def test_a_comfyui_transformer_file_loads_with_its_other_parts_from_a_folder(
    family: str, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    import diffusers
    import torch
    from safetensors.torch import load_file

    from aistudio.training.families import load_adapter

    make, data, cls = SINGLE_FILES[family]
    folder = shared_sd15(tmp_path_factory.getbasetemp(), family)
    single = make(folder, tmp_path / f"{family}_bf16.safetensors")
    comfy = json.loads((DATA / f"comfyui/{data}.json").read_text())
    tensors = load_file(single)
    matrices = {k.removesuffix(".weight") for k, v in tensors.items() if k.endswith(".weight")
                and v.ndim == 2}  # fmt: skip
    assert len(matrices) > 10 and matrices <= set(comfy["linear"])  # ComfyUI's own names
    model = load_adapter(family, str(single), "cpu", torch.float32, parts=str(folder))
    want = getattr(diffusers, cls).from_pretrained(folder / "transformer").state_dict()
    got = model.denoiser.state_dict()
    assert got.keys() == want.keys() and all(torch.equal(got[k], want[k]) for k in want)


def test_parts_default_to_the_family_base_and_a_missing_folder_is_named(
    studio: Any, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    import torch

    from aistudio.training.families import load_adapter
    from aistudio.training.run import base_parts

    folder = shared_sd15(tmp_path_factory.getbasetemp(), "zimage")
    single = _comfy_z_image_file(folder, tmp_path / "z_image_base_bf16.safetensors")
    with_names = {k.removesuffix(".weight") for k in _keys(single) if k.endswith(".weight")}
    comfy = json.loads((DATA / "comfyui/zimage.json").read_text())
    for name in ("layers.0.attention.qkv", "layers.0.attention.out", "final_layer.linear",
                 "x_embedder", "noise_refiner.0.adaLN_modulation.0"):  # fmt: skip
        assert name in with_names and name in comfy["linear"]  # ComfyUI's own names
    # Which parts: as given, else the family's configured base; none for a folder or for SD
    assert base_parts(studio, "zimage", str(single), None) == studio.settings.zimage_base
    assert base_parts(studio, "zimage", str(folder), None) is None
    assert base_parts(studio, "sdxl", str(single), str(folder)) is None
    with pytest.raises(ConfigError, match="could not be loaded as a ZImagePipeline"):
        load_adapter("zimage", str(single), "cpu", torch.float32, parts=str(tmp_path / "none"))


def _keys(path: Path) -> list[str]:
    from safetensors import safe_open

    with safe_open(str(path), "pt") as f:
        return list(f.keys())


def _weight_bytes(path: Path) -> int:
    """What a LoRA file's tensors weigh (its header aside)."""
    from safetensors.torch import load_file

    return sum(t.numel() * t.element_size() for t in load_file(path).values())
