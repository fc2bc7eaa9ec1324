"""New watermark ids: each is a row that `aistudio verify` maps back to the model and run."""

from __future__ import annotations

from aistudio.db.tables import ProvenanceMark
from aistudio.studio import Studio


def new_mark(studio: Studio, model_id: int, run_id: str, pair: str, stage: str) -> int:
    """Record a mark for an output made now, and return its id."""
    with studio.session() as session:
        mark = ProvenanceMark(model_id=model_id, run_id=run_id, pair=pair, stage=stage)
        session.add(mark)
        session.flush()
        assert mark.id is not None
        return mark.id
