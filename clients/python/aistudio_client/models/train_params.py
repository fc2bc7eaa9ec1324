from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.train_params_base_precision import (
    TrainParamsBasePrecision,
    check_train_params_base_precision,
)
from ..models.train_params_family_type_0 import (
    TrainParamsFamilyType0,
    check_train_params_family_type_0,
)
from ..models.train_params_optimizer import TrainParamsOptimizer, check_train_params_optimizer
from ..types import UNSET, Unset

T = TypeVar("T", bound="TrainParams")


@_attrs_define
class TrainParams:
    """What a LoRA training run does, declared once: the CLI's options, the train-lora flow's
    run form and the API read these fields and their descriptions. None: the family's
    default (resolve fills it in); the same params, data and seed give the same weights.

        Attributes:
            alpha (int | None | Unset): LoRA alpha (default: the rank)
            base_precision (TrainParamsBasePrecision | Unset): full, or int8 (torchao: the base's Linear weights in int8,
                about half the memory of bf16; samples draw at that precision) Default: 'full'.
            caption_dropout (float | Unset): Share of steps that train on an empty caption Default: 0.0.
            checkpoint_every (int | Unset): Write a checkpoint (and score its samples) every N steps Default: 250.
            ema_decay (float | None | Unset): Keep an average of the weights (e.g. 0.999): samples and files use it
            face_weight (float | Unset): How much more the face region's loss counts (1: plain) Default: 2.0.
            family (None | TrainParamsFamilyType0 | Unset): Base family: sd15, sdxl, flux, zimage, flux2-klein, qwen-image
                (default: the dataset version's). zimage trains the undistilled Z-Image Base, whose LoRAs also load on Z-Image
                Turbo (Turbo itself is step-distilled: training it undoes the distillation)
            gradient_checkpointing (bool | Unset): Recompute activations in the backward pass: less GPU memory for about
                20-30% more time a step Default: False.
            lr (float | None | Unset): Learning rate (default: the family's)
            min_snr_gamma (float | None | Unset): Min-SNR-gamma loss weighting (the SD families) Default: 5.0.
            noise_offset (float | Unset): Noise offset (darker darks, brighter brights) Default: 0.0.
            optimizer (TrainParamsOptimizer | Unset): adamw, or adamw8bit (bitsandbytes: the optimizer's state in 8 bits)
                Default: 'adamw'.
            rank (int | None | Unset): LoRA rank (network dim; default: the family's)
            resolution (int | None | Unset): Longest side of the training buckets, pixels (default: the family's, 512 for
                sd15, 1024 for the others)
            sample_steps (int | Unset): Denoising steps per sample Default: 25.
            samples (int | Unset): Sample images per checkpoint (0: none, and no identity scores) Default: 4.
            seed (int | Unset): Seed: the same seed, data and params give the same LoRA Default: 0.
            steps (int | None | Unset): Training steps (default: the family's)
            text_encoder_lr (float | None | Unset): Train the text encoders' LoRA too, at this rate (SD 1.5, SDXL; the
                default leaves them as they are)
    """

    alpha: int | None | Unset = UNSET
    base_precision: TrainParamsBasePrecision | Unset = "full"
    caption_dropout: float | Unset = 0.0
    checkpoint_every: int | Unset = 250
    ema_decay: float | None | Unset = UNSET
    face_weight: float | Unset = 2.0
    family: None | TrainParamsFamilyType0 | Unset = UNSET
    gradient_checkpointing: bool | Unset = False
    lr: float | None | Unset = UNSET
    min_snr_gamma: float | None | Unset = 5.0
    noise_offset: float | Unset = 0.0
    optimizer: TrainParamsOptimizer | Unset = "adamw"
    rank: int | None | Unset = UNSET
    resolution: int | None | Unset = UNSET
    sample_steps: int | Unset = 25
    samples: int | Unset = 4
    seed: int | Unset = 0
    steps: int | None | Unset = UNSET
    text_encoder_lr: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        alpha: int | None | Unset
        if isinstance(self.alpha, Unset):
            alpha = UNSET
        else:
            alpha = self.alpha

        base_precision: str | Unset = UNSET
        if not isinstance(self.base_precision, Unset):
            base_precision = self.base_precision

        caption_dropout = self.caption_dropout

        checkpoint_every = self.checkpoint_every

        ema_decay: float | None | Unset
        if isinstance(self.ema_decay, Unset):
            ema_decay = UNSET
        else:
            ema_decay = self.ema_decay

        face_weight = self.face_weight

        family: None | str | Unset
        if isinstance(self.family, Unset):
            family = UNSET
        elif isinstance(self.family, str):
            family = self.family
        else:
            family = self.family

        gradient_checkpointing = self.gradient_checkpointing

        lr: float | None | Unset
        if isinstance(self.lr, Unset):
            lr = UNSET
        else:
            lr = self.lr

        min_snr_gamma: float | None | Unset
        if isinstance(self.min_snr_gamma, Unset):
            min_snr_gamma = UNSET
        else:
            min_snr_gamma = self.min_snr_gamma

        noise_offset = self.noise_offset

        optimizer: str | Unset = UNSET
        if not isinstance(self.optimizer, Unset):
            optimizer = self.optimizer

        rank: int | None | Unset
        if isinstance(self.rank, Unset):
            rank = UNSET
        else:
            rank = self.rank

        resolution: int | None | Unset
        if isinstance(self.resolution, Unset):
            resolution = UNSET
        else:
            resolution = self.resolution

        sample_steps = self.sample_steps

        samples = self.samples

        seed = self.seed

        steps: int | None | Unset
        if isinstance(self.steps, Unset):
            steps = UNSET
        else:
            steps = self.steps

        text_encoder_lr: float | None | Unset
        if isinstance(self.text_encoder_lr, Unset):
            text_encoder_lr = UNSET
        else:
            text_encoder_lr = self.text_encoder_lr

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if alpha is not UNSET:
            field_dict["alpha"] = alpha
        if base_precision is not UNSET:
            field_dict["base_precision"] = base_precision
        if caption_dropout is not UNSET:
            field_dict["caption_dropout"] = caption_dropout
        if checkpoint_every is not UNSET:
            field_dict["checkpoint_every"] = checkpoint_every
        if ema_decay is not UNSET:
            field_dict["ema_decay"] = ema_decay
        if face_weight is not UNSET:
            field_dict["face_weight"] = face_weight
        if family is not UNSET:
            field_dict["family"] = family
        if gradient_checkpointing is not UNSET:
            field_dict["gradient_checkpointing"] = gradient_checkpointing
        if lr is not UNSET:
            field_dict["lr"] = lr
        if min_snr_gamma is not UNSET:
            field_dict["min_snr_gamma"] = min_snr_gamma
        if noise_offset is not UNSET:
            field_dict["noise_offset"] = noise_offset
        if optimizer is not UNSET:
            field_dict["optimizer"] = optimizer
        if rank is not UNSET:
            field_dict["rank"] = rank
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if sample_steps is not UNSET:
            field_dict["sample_steps"] = sample_steps
        if samples is not UNSET:
            field_dict["samples"] = samples
        if seed is not UNSET:
            field_dict["seed"] = seed
        if steps is not UNSET:
            field_dict["steps"] = steps
        if text_encoder_lr is not UNSET:
            field_dict["text_encoder_lr"] = text_encoder_lr

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_alpha(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        alpha = _parse_alpha(d.pop("alpha", UNSET))

        _base_precision = d.pop("base_precision", UNSET)
        base_precision: TrainParamsBasePrecision | Unset
        if isinstance(_base_precision, Unset):
            base_precision = UNSET
        else:
            base_precision = check_train_params_base_precision(_base_precision)

        caption_dropout = d.pop("caption_dropout", UNSET)

        checkpoint_every = d.pop("checkpoint_every", UNSET)

        def _parse_ema_decay(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        ema_decay = _parse_ema_decay(d.pop("ema_decay", UNSET))

        face_weight = d.pop("face_weight", UNSET)

        def _parse_family(data: object) -> None | TrainParamsFamilyType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                family_type_0 = check_train_params_family_type_0(data)

                return family_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TrainParamsFamilyType0 | Unset, data)

        family = _parse_family(d.pop("family", UNSET))

        gradient_checkpointing = d.pop("gradient_checkpointing", UNSET)

        def _parse_lr(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        lr = _parse_lr(d.pop("lr", UNSET))

        def _parse_min_snr_gamma(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        min_snr_gamma = _parse_min_snr_gamma(d.pop("min_snr_gamma", UNSET))

        noise_offset = d.pop("noise_offset", UNSET)

        _optimizer = d.pop("optimizer", UNSET)
        optimizer: TrainParamsOptimizer | Unset
        if isinstance(_optimizer, Unset):
            optimizer = UNSET
        else:
            optimizer = check_train_params_optimizer(_optimizer)

        def _parse_rank(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rank = _parse_rank(d.pop("rank", UNSET))

        def _parse_resolution(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        resolution = _parse_resolution(d.pop("resolution", UNSET))

        sample_steps = d.pop("sample_steps", UNSET)

        samples = d.pop("samples", UNSET)

        seed = d.pop("seed", UNSET)

        def _parse_steps(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        steps = _parse_steps(d.pop("steps", UNSET))

        def _parse_text_encoder_lr(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        text_encoder_lr = _parse_text_encoder_lr(d.pop("text_encoder_lr", UNSET))

        train_params = cls(
            alpha=alpha,
            base_precision=base_precision,
            caption_dropout=caption_dropout,
            checkpoint_every=checkpoint_every,
            ema_decay=ema_decay,
            face_weight=face_weight,
            family=family,
            gradient_checkpointing=gradient_checkpointing,
            lr=lr,
            min_snr_gamma=min_snr_gamma,
            noise_offset=noise_offset,
            optimizer=optimizer,
            rank=rank,
            resolution=resolution,
            sample_steps=sample_steps,
            samples=samples,
            seed=seed,
            steps=steps,
            text_encoder_lr=text_encoder_lr,
        )

        return train_params
