"""A provider that answers badly fails only its pair, with a reason; nothing bad is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from aistudio.db.tables import LedgerEntry
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.drive import drive
from tests.fakes.provider import PRICES

CASES = [
    ("garbage", "failed", "returned an unusable image"),
    ("empty", "failed", "returned an empty result"),
    ("bomb", "failed", "[rule: max-pixels]"),
    ("text", "failed", "returned str, not image bytes"),
    ("crash", "failed", "failed unexpectedly: KeyError: 'faces'"),
    ("hang", "failed", "no answer within 2 s"),
    ("noface", "rejected", "face"),
    ("floats", "failed", "returned float32 pixels of shape 64x64x3, not an HxWx3 uint8"),
    ("gray", "failed", "returned uint8 pixels of shape 64x64, not an HxWx3 uint8"),
]


@pytest.mark.parametrize(("mode", "status", "reason"), CASES, ids=[c[0] for c in CASES])
def test_a_misbehaving_provider_fails_the_pair_with_its_reason(
    studio: Studio,
    photos: dict[str, list[Path]],
    call_log: Path,
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
    status: str,
    reason: str,
) -> None:
    make_model(studio, photos, sources=1, targets=2)
    monkeypatch.setenv("AISTUDIO_FAKE_MISBEHAVE", mode)
    studio.settings.provider_timeout = 2
    summary = drive(studio, "andie", "fake", 2)
    assert summary.status == "failed" if status == "failed" else summary.rejected == 2
    assert summary.done == 0 and len(summary.problems) == 2
    for _, got, why in summary.problems:
        assert got == status and reason in why, (got, why)
    swapped = studio.home / "models/andie/results/sfw/source_1/swapped"
    assert status == "rejected" or not any(swapped.glob("*.jpg"))
    assert not list(studio.home.rglob("*.tmp"))
    with studio.session() as session:
        credits = sum(e.credits for e in session.exec(select(LedgerEntry)).all())
    # It answered (so it billed) unless it raised or never answered: the ledger says the same.
    answered = mode not in ("crash", "hang")
    swap_bill = PRICES["swap"] * 2 if answered else 0.0
    enhance_bill = PRICES["enhance"] * 2 if status == "rejected" else 0.0
    assert credits == swap_bill + enhance_bill


def test_a_result_whose_face_moved_is_still_accepted(
    studio: Studio, photos: dict[str, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The result gate looks first where the target's face was; it must not stop there.
    make_model(studio, photos, sources=1, targets=2)
    monkeypatch.setenv("AISTUDIO_FAKE_MOVED", "1")
    summary = drive(studio, "andie", "fake", 2)
    assert (summary.done, summary.rejected, summary.problems) == (2, 0, [])
