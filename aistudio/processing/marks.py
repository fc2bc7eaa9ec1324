"""Provenance ids for outputs: the number an image's invisible watermark carries."""

from __future__ import annotations

from aistudio.db import queries
from aistudio.db.tables import ProvenanceMark
from aistudio.media.faces import Image
from aistudio.processing.plan import PairPlan
from aistudio.provenance import watermark
from aistudio.studio import Studio


def mark_for(studio: Studio, image: Image, run_id: str, pair: PairPlan, stage: str) -> int:
    """The watermark id for an output: its input's, or a new one recorded now."""
    # A derived image (the enhanced swap) keeps its input's mark: two different marks on one
    # image would cancel out. A new mark id is recorded for everything else.
    inherited = watermark.read(image)
    with studio.session() as session:
        if inherited is not None and session.get(ProvenanceMark, inherited) is not None:
            return inherited
        mark = ProvenanceMark(
            model_id=queries.get_model_id(session, name=pair.model),
            run_id=run_id,
            pair=pair.pair,
            stage=stage,
        )
        session.add(mark)
        session.flush()
        assert mark.id is not None
        return mark.id
