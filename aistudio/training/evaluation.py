"""Each checkpoint judged as it lands: its samples written (marked as AI-made) and scored for
the persona's identity against held-out photos, drift towards the training images, bleed into
prompts without the trigger and, with a CLIP configured, prompt fidelity; recorded on the
LoRA version."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from aistudio.dataset.versions import DatasetInfo
from aistudio.db import queries
from aistudio.media.images import load_stored_image
from aistudio.studio import Studio
from aistudio.training import versions
from aistudio.training.params import (
    ResolvedParams,
    SampleSpec,
    plain_prompts,
    sample_prompts,
)
from aistudio.training.samples import sample_dir, write_samples
from aistudio.training.scoring import Descriptor, bleed, descriptors, score_samples

MAX_PIXELS = 400_000_000
# A training's news for whoever watches it (the API job's event stream): its type and data
Events = Callable[[str, dict[str, Any]], None]


def sample_spec(studio: Studio, persona: str, params: ResolvedParams) -> SampleSpec | None:
    """The fixed prompts and seeds every checkpoint draws (the last two without the trigger);
    None when the training draws no samples."""
    if not params.samples:
        return None
    config = studio.config(persona)
    plain = min(2, params.samples)
    return SampleSpec(
        prompts=sample_prompts(config.trigger, config.class_word, params.samples)
        + plain_prompts(config.class_word, plain),
        seeds=[1000 + i for i in range(params.samples)] + [2000 + i for i in range(plain)],
        steps=params.sample_steps,
        size=params.size,
        plain=plain,
    )


class Evaluation:
    """What a training calls at each checkpoint: score its samples, record the metrics."""

    def __init__(
        self,
        studio: Studio,
        persona: str,
        info: DatasetInfo,
        out: Path,
        version: tuple[int, int],  # the LoRA version's row id and number
        spec: SampleSpec | None,
        events: Events | None = None,
    ) -> None:
        config = studio.config(persona)
        self.events = events
        self.studio, self.persona, self.info, self.out, self.spec = (
            studio, persona, info, out, spec
        )  # fmt: skip
        self.version_id, self.number = version
        self.detector = studio.detector(config.thresholds)
        self.min_score = config.thresholds.min_face_score
        self.refs: dict[str, list[Descriptor]] = {}

    def references(self) -> dict[str, list[Descriptor]]:
        """The held-out photos' and training images' faces, measured once per run."""
        if not self.refs:
            held = self.info.holdout or _sources(self.studio, self.persona)
            self.refs["held"] = self._faces(_images(self.studio.home, held))
            names = [str(i["image"]) for i in self.info.included]
            folder = Path(self.info.path) / "imagefolder"
            self.refs["train"] = self._faces(_images(folder, names))
        return self.refs

    def _faces(self, images: list[Any]) -> list[Descriptor]:
        return [d for d in descriptors(images, self.detector, self.min_score) if d is not None]

    def __call__(self, step: int, path: Path, loss: float, drawn: list[Any]) -> None:
        """Write and score a checkpoint's samples, and record its metrics."""
        metrics: dict[str, float | None] = {"loss": loss}
        if drawn and self.spec is not None:
            metrics.update(self.score(step, drawn, self.spec))
        versions.record_checkpoint(self.studio, self.version_id, step, metrics)
        self.tell("checkpoint", step, scores=metrics)

    def on_request(self, step: int, drawn: list[Any]) -> None:
        """Samples a person asked for between checkpoints: written, not scored or recorded."""
        if self.spec is None:
            return
        n = len(drawn) - self.spec.plain
        run = f"lora-v{self.number}"
        write_samples(self.studio, self.persona, self.out, step, drawn[:n], run=run)
        write_samples(self.studio, self.persona, self.out, step, drawn[n:], run=run,
                      prefix="plain-")  # fmt: skip
        self.tell("samples", step)

    def tell(self, type: str, step: int, **data: Any) -> None:
        """An event with the step's sample files (persona first, then plain), if anyone listens."""
        if self.events is None:
            return
        folder = sample_dir(self.out, step)
        names = sorted(p.name for p in folder.glob("*.jpg")) if folder.is_dir() else []
        told: dict[str, Any] = {"version": self.number, "step": step, "samples": names, **data}
        if self.spec is not None and len(self.spec.prompts) == len(names):
            told["prompts"] = list(self.spec.prompts)  # the same order: persona's, then plain
        self.events(type, told)

    def score(self, step: int, drawn: list[Any], spec: SampleSpec) -> dict[str, float | None]:
        """The samples written (persona, then plain) and their scores."""
        n = len(drawn) - spec.plain
        persona = [d[..., ::-1].copy() for d in drawn[:n]]  # BGR, as the studio's images
        plain = [d[..., ::-1].copy() for d in drawn[n:]]
        run = f"lora-v{self.number}"
        write_samples(self.studio, self.persona, self.out, step, drawn[:n], run=run)
        write_samples(self.studio, self.persona, self.out, step, drawn[n:], run=run,
                      prefix="plain-")  # fmt: skip
        known = self.references()
        found = descriptors(persona, self.detector, self.min_score)
        metrics = score_samples(found, known["held"], known["train"]).as_metrics()
        metrics["bleed"] = bleed(descriptors(plain, self.detector, self.min_score), known["held"])
        clip = self.studio.aesthetic()  # the configured CLIP, if any: prompt fidelity
        if clip is not None:
            fidelity = clip.prompt_similarity(persona, spec.prompts[:n])
            metrics["clip"] = sum(fidelity) / len(fidelity)
        return metrics


def _images(root: Path, names: list[str]) -> list[Any]:
    return [load_stored_image(root / n, MAX_PIXELS)[0] for n in names if (root / n).is_file()]


def _sources(studio: Studio, persona: str) -> list[str]:
    """The persona's source photos, relative to the studio home."""
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=persona)
        return [p.path for p in queries.list_photos(session, model_id=model_id, role="source")]
