"""Tiny, random vision-language models built from config, saved with processors and tokenizers
the test makes (a byte-level BPE trained on a few sentences), so the studio loads and runs them
exactly as it would a downloaded checkpoint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch

CORPUS = [
    "a photo of a woman standing in a park, smiling, wearing a red dress",
    "describe the image in detail",
    "the person is sitting on a chair by the window with soft light",
    "system user assistant question answer",
    "a photography of",
] * 5
SIDE = 32  # pixels the tiny image processors resize to


def _bpe(special: list[str]) -> tuple[Any, dict[str, int], list[tuple[str, str]]]:
    """A byte-level BPE (as GPT-2, BART, Qwen, Llama 3 use): tokenizer, vocab, merges."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    alphabet = pre_tokenizers.ByteLevel.alphabet()
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=special, initial_alphabet=alphabet)
    tok.train_from_iterator(CORPUS, trainer)
    model = json.loads(tok.to_str())["model"]
    merges = [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in model["merges"]]
    return tok, model["vocab"], merges


def _tiny_text(**extra: Any) -> dict[str, Any]:
    """A one-layer language model's settings."""
    extra.setdefault("max_position_embeddings", 256)
    return {"num_hidden_layers": 1, "num_attention_heads": 2, **extra}


def _save(model: Any, folder: Path, *parts: Any) -> Path:
    model.eval().save_pretrained(folder)
    for part in parts:
        part.save_pretrained(folder)
    return folder


def florence2(folder: Path) -> Path:
    """Florence-2: a DaViT encoder, a BART decoder, CLIP's image processing."""
    from transformers import (
        BartTokenizer,
        CLIPImageProcessorPil,
        Florence2Config,
        Florence2ForConditionalGeneration,
        Florence2Processor,
    )

    _, vocab, merges = _bpe(["<s>", "<pad>", "</s>", "<unk>"])
    tok = BartTokenizer(vocab=vocab, merges=merges, extra_special_tokens={"image_token": "<image>"})
    seq = (SIDE // 4) ** 2 + 1  # one stride-4 stage, plus the pooled token
    images = CLIPImageProcessorPil(
        size={"height": SIDE, "width": SIDE}, do_center_crop=False, image_seq_length=seq
    )
    bart = {"model_type": "bart", "vocab_size": len(tok), "max_position_embeddings": 128}
    bart |= {"encoder_layers": 1, "decoder_layers": 1, "d_model": 16}
    bart |= {"encoder_ffn_dim": 16, "decoder_ffn_dim": 16}
    bart |= {"encoder_attention_heads": 1, "decoder_attention_heads": 1}
    bart |= {"bos_token_id": tok.bos_token_id, "eos_token_id": tok.eos_token_id}
    bart |= {"pad_token_id": tok.pad_token_id, "decoder_start_token_id": tok.eos_token_id}
    vision = {"depths": [1], "patch_size": [7], "patch_stride": [4], "patch_padding": [3]}
    vision |= {"patch_prenorm": [False], "embed_dim": [16], "num_heads": [1], "num_groups": [1]}
    config = Florence2Config(
        text_config=bart,
        vision_config=vision | {"projection_dim": 16},
        image_token_id=tok.image_token_id,
    )
    torch.manual_seed(0)
    model = Florence2ForConditionalGeneration(config)
    return _save(model, folder, Florence2Processor(image_processor=images, tokenizer=tok))


def _vision(**extra: Any) -> dict[str, Any]:
    return {"hidden_size": 16, "image_size": SIDE, "patch_size": 8, "num_hidden_layers": 1,
            "num_attention_heads": 1, "intermediate_size": 32, **extra}  # fmt: skip


def blip(folder: Path) -> Path:
    """BLIP: a ViT and a BERT decoder with a WordPiece vocabulary."""
    from transformers import (
        BertTokenizer,
        BlipConfig,
        BlipForConditionalGeneration,
        BlipImageProcessorPil,
        BlipProcessor,
    )

    words = sorted(set(" ".join(CORPUS).replace(",", " ,").split()))
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[DEC]"]
    vocab = list(dict.fromkeys(specials + list("abcdefghijklmnopqrstuvwxyz,") + words))
    tok = BertTokenizer(vocab={w: i for i, w in enumerate(vocab)}, bos_token="[DEC]")
    text = _tiny_text(vocab_size=len(tok), hidden_size=16, encoder_hidden_size=16)
    text |= {"intermediate_size": 32, "num_attention_heads": 1}
    text |= {"bos_token_id": tok.bos_token_id, "pad_token_id": tok.pad_token_id}
    text |= {"sep_token_id": tok.sep_token_id, "eos_token_id": tok.sep_token_id}
    torch.manual_seed(0)
    model = BlipForConditionalGeneration(
        BlipConfig(text_config=text, vision_config=_vision(), projection_dim=16)
    )
    images = BlipImageProcessorPil(size={"height": SIDE, "width": SIDE})
    return _save(model, folder, BlipProcessor(image_processor=images, tokenizer=tok))


def blip2(folder: Path) -> Path:
    """BLIP-2: a ViT, a Q-Former and an OPT language model."""
    from transformers import (
        Blip2Config,
        Blip2ForConditionalGeneration,
        Blip2Processor,
        BlipImageProcessorPil,
        GPT2Tokenizer,
    )

    _, vocab, merges = _bpe(["</s>", "<pad>", "<unk>"])
    tok = GPT2Tokenizer(vocab=vocab, merges=merges, bos_token="</s>", eos_token="</s>",
                        pad_token="<pad>", unk_token="<unk>")  # fmt: skip
    queries = 4
    images = BlipImageProcessorPil(size={"height": SIDE, "width": SIDE})
    processor = Blip2Processor(image_processor=images, tokenizer=tok, num_query_tokens=queries)
    qformer = _vision(vocab_size=99, encoder_hidden_size=16, max_position_embeddings=64)
    opt = _tiny_text(model_type="opt", vocab_size=len(tok), hidden_size=16, ffn_dim=32)
    opt |= {"num_attention_heads": 1, "word_embed_proj_dim": 16}
    opt |= {"bos_token_id": tok.bos_token_id, "eos_token_id": tok.eos_token_id}
    opt |= {"pad_token_id": tok.pad_token_id}
    config = Blip2Config(
        vision_config=_vision(),
        qformer_config=qformer,
        text_config=opt,
        num_query_tokens=queries,
        image_token_index=tok.convert_tokens_to_ids("<image>"),  # the processor added it
    )
    torch.manual_seed(0)
    return _save(Blip2ForConditionalGeneration(config), folder, processor)


QWEN_SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|vision_start|>",
                "<|vision_end|>", "<|image_pad|>", "<|video_pad|>"]  # fmt: skip


def qwen25vl(folder: Path) -> Path:
    """Qwen2.5-VL: its windowed ViT with merged patches and a Qwen2 decoder with M-RoPE."""
    from transformers import (
        Qwen2_5_VLConfig,
        Qwen2_5_VLForConditionalGeneration,
        Qwen2Tokenizer,
        Qwen2VLImageProcessorPil,
    )

    _, vocab, merges = _bpe(QWEN_SPECIAL)
    tok = Qwen2Tokenizer(vocab=vocab, merges=merges, unk_token=None, bos_token=None,
                         eos_token="<|im_end|>", pad_token="<|endoftext|>")  # fmt: skip
    tok.add_tokens(QWEN_SPECIAL, special_tokens=True)
    ids = {t: tok.convert_tokens_to_ids(t) for t in QWEN_SPECIAL}
    rope = {"rope_type": "default", "rope_theta": 10000.0, "mrope_section": [2, 2, 4]}
    text = _tiny_text(vocab_size=len(tok), hidden_size=32, intermediate_size=64)
    text |= {"num_key_value_heads": 1, "rope_parameters": rope}
    text |= {"eos_token_id": ids["<|im_end|>"], "pad_token_id": ids["<|endoftext|>"]}
    text |= {"bos_token_id": ids["<|endoftext|>"]}
    vision = {"depth": 1, "hidden_size": 16, "intermediate_size": 32, "num_heads": 2}
    vision |= {"out_hidden_size": 32, "patch_size": 14, "spatial_merge_size": 2}
    vision |= {"temporal_patch_size": 2, "window_size": 56, "fullatt_block_indexes": [0]}
    config = Qwen2_5_VLConfig(
        text_config=text,
        vision_config=vision,
        image_token_id=ids["<|image_pad|>"],
        video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"],
        vision_end_token_id=ids["<|vision_end|>"],
    )
    images = Qwen2VLImageProcessorPil(min_pixels=56 * 56, max_pixels=56 * 56, patch_size=14)
    torch.manual_seed(0)
    return _save(Qwen2_5_VLForConditionalGeneration(config), folder, tok, images)


LLAMA3_SPECIAL = ["<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>",
                  "<|finetune_right_pad_id|>", "<image>"]  # fmt: skip
# Llama 3's chat format, which JoyCaption's checkpoint uses, with the image where LLaVA puts it.
LLAMA3_CHAT = (
    "{{ bos_token }}{% for m in messages %}<|start_header_id|>{{ m['role'] }}<|end_header_id|>"
    "\n\n{% if m['content'] is string %}{{ m['content'] }}{% else %}{% for c in m['content'] %}"
    "{% if c['type'] == 'image' %}<image>{% else %}{{ c['text'] }}{% endif %}{% endfor %}"
    "{% endif %}<|eot_id|>{% endfor %}{% if add_generation_prompt %}"
    "<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}"
)


def joycaption(folder: Path) -> Path:
    """JoyCaption's shape: LLaVA with a SigLIP encoder and a Llama decoder."""
    from transformers import (
        LlavaConfig,
        LlavaForConditionalGeneration,
        LlavaProcessor,
        PreTrainedTokenizerFast,
        SiglipImageProcessorPil,
    )

    bpe, _, _ = _bpe(LLAMA3_SPECIAL)
    tok = PreTrainedTokenizerFast(
        tokenizer_object=bpe,
        bos_token="<|begin_of_text|>",
        eos_token="<|eot_id|>",
        pad_token="<|finetune_right_pad_id|>",
    )
    tok.add_tokens(LLAMA3_SPECIAL, special_tokens=True)
    ids = {t: tok.convert_tokens_to_ids(t) for t in LLAMA3_SPECIAL}
    text = _tiny_text(model_type="llama", vocab_size=len(tok), hidden_size=32)
    text |= {"intermediate_size": 64, "num_key_value_heads": 1}
    text |= {"bos_token_id": ids["<|begin_of_text|>"], "eos_token_id": ids["<|eot_id|>"]}
    text |= {"pad_token_id": ids["<|finetune_right_pad_id|>"]}
    config = LlavaConfig(
        vision_config=_vision(model_type="siglip_vision_model", num_hidden_layers=2),
        text_config=text,
        image_token_index=ids["<image>"],
        vision_feature_select_strategy="full",
        vision_feature_layer=-2,
    )
    images = SiglipImageProcessorPil(size={"height": SIDE, "width": SIDE})
    processor = LlavaProcessor(
        image_processor=images,
        tokenizer=tok,
        patch_size=8,
        vision_feature_select_strategy="full",
        chat_template=LLAMA3_CHAT,
    )
    torch.manual_seed(0)
    return _save(LlavaForConditionalGeneration(config), folder, processor)


BUILDERS = {
    "florence2": florence2,
    "blip": blip,
    "blip2": blip2,
    "qwen2.5-vl": qwen25vl,
    "joycaption": joycaption,
}


def teach(captioner: Any, images: list[Any], sentence: str, steps: int = 80) -> None:
    """Train a loaded tiny captioner until it answers `sentence` for these (BGR) images, with
    the very inputs the studio builds: what it then writes is the model's answer, not noise."""
    from PIL import Image as PILImage

    rgb = [PILImage.fromarray(im[..., ::-1].copy()) for im in images]
    inputs, _, _ = captioner._inputs(rgb)
    tok = captioner.tokenizer
    eos = tok.sep_token_id if captioner.kind == "blip" else tok.eos_token_id
    target = torch.tensor([*tok(" " + sentence, add_special_tokens=False).input_ids, eos])
    target = target.repeat(len(images), 1)
    batch = dict(inputs)
    if captioner.kind == "florence2":
        batch["labels"] = target
    else:
        prompt = batch["input_ids"]
        if captioner.kind == "blip":  # generation drops the trailing [SEP] and starts at [DEC]
            prompt = prompt[:, :-1].clone()
            prompt[:, 0] = tok.bos_token_id
        ids = torch.cat([prompt, target], dim=1)
        batch["input_ids"] = ids
        batch["attention_mask"] = torch.ones_like(ids)
        batch["labels"] = torch.cat([torch.full_like(prompt, -100), target], dim=1)
    model = captioner.model
    model.train()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(steps):
        optimiser.zero_grad()
        model(**batch).loss.backward()
        optimiser.step()
    model.eval()
