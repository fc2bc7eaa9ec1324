"""`aistudio verify`: what any image says about its origin, mapped to this studio's records."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from aistudio.core.errors import ImageRejected
from aistudio.db.tables import Model, ProvenanceMark
from aistudio.provenance.stamp import Findings, inspect_file
from aistudio.studio import Studio


class Verdict(BaseModel):
    """One image's provenance."""

    findings: Findings
    error: str | None = None
    mark_model: str | None = None  # what the watermark id maps to in this studio
    mark_run: str | None = None
    mark_pair: str | None = None

    @property
    def ai_marked(self) -> bool:
        """Whether the image says it is AI-made by any means."""
        return bool(self.findings.source_type or self.findings.watermark_id)


def verify(studio: Studio, paths: list[Path]) -> list[Verdict]:
    """Inspect each image and resolve its watermark id in the studio database."""
    out = []
    for path in paths:
        try:
            findings = inspect_file(path)
        except ImageRejected as exc:
            out.append(Verdict(findings=Findings(path=str(path)), error=str(exc)))
            continue
        verdict = Verdict(findings=findings)
        if findings.watermark_id is not None:
            with studio.read() as session:
                mark = session.get(ProvenanceMark, findings.watermark_id)
                model = session.get(Model, mark.model_id) if mark else None
                if mark and model:
                    verdict.mark_model, verdict.mark_run = model.name, mark.run_id
                    verdict.mark_pair = mark.pair
        out.append(verdict)
    return out
