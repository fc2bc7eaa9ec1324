"""A dataset version as kohya's sd-scripts reads it through its dataset.toml: found wherever the
version lies, and every crop trained at its own size (tests/fakes/kohya.py restates sd-scripts)."""

from __future__ import annotations

import pytest

from aistudio.core.families import FAMILIES, Family
from aistudio.dataset.crops import RESOLUTION, STEP, buckets, budget


@pytest.mark.parametrize("family", FAMILIES)
def test_every_crop_fits_the_familys_pixel_budget_in_steps(family: Family) -> None:
    side = RESOLUTION[family]
    assert budget(family) == side * side
    for w, h in buckets(family):
        assert w * h <= side * side, (family, w, h)
        assert w % STEP == 0 and h % STEP == 0, (family, w, h)
    assert (side, side) in buckets(family)
    # One of each orientation: a landscape bucket for each portrait one.
    assert {(h, w) for w, h in buckets(family)} == set(buckets(family))
