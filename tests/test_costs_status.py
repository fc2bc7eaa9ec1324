"""Estimates, credit formatting, ledger sums (aistudio.costs) and model status (aistudio.status)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from aistudio.consent.records import revoke_consent, set_consent
from aistudio.core.config import ModelConfig
from aistudio.core.errors import ModelNotFound
from aistudio.core.naming import Stage
from aistudio.db import queries
from aistudio.db.tables import LedgerEntry, Run
from aistudio.ingest.importer import create_model
from aistudio.processing.costs import Estimate, fmt_credits, model_costs, price
from aistudio.processing.status import all_models, model_status
from aistudio.studio import Studio
from tests.conftest import make_model


def _add_runs(studio: Studio, name: str, ledger: dict[str, list[tuple[str, float]]]) -> None:
    """Runs started a minute apart, in dict order, each with its (op, credits) ledger rows."""
    with studio.session() as s:
        model_id = queries.get_model_id(s, name=name)
        for i, run_id in enumerate(ledger):
            s.add(
                Run(
                    id=run_id,
                    model_id=model_id,
                    category="sfw",
                    provider="fake",
                    enhance=True,
                    status="completed" if i < len(ledger) - 1 else "failed",
                    started_at=datetime(2030, 1, 1, 12, i, tzinfo=UTC),
                )
            )
        s.flush()  # the runs must exist before rows that reference them
        for run_id, entries in ledger.items():
            for n, (op, credits) in enumerate(entries):
                s.add(
                    LedgerEntry(
                        model_id=model_id,
                        run_id=run_id,
                        pair=f"s1-t{n + 1:03d}-sfw",
                        op=op,
                        provider="fake",
                        input_key=f"{run_id}-{n}-{op}",
                        credits=credits,
                    )
                )


def test_estimate_describe_exact_text() -> None:
    est = Estimate(swaps=10, enhances=10, swap_price=10, enhance_price=2)
    assert est.total == 120
    assert est.describe() == "Estimated cost: 120 credits (10 swaps x 10, 10 enhance x 2)"


def test_estimate_describe_without_enhance_and_with_done_pairs() -> None:
    est = Estimate(swaps=4, enhances=0, swap_price=10, enhance_price=2, done_pairs=6)
    assert est.total == 40
    assert est.describe() == "Estimated cost: 40 credits (4 swaps x 10); 6 pairs already done"
    free = Estimate(swaps=0, enhances=0, swap_price=10, enhance_price=2)
    assert free.describe() == "Estimated cost: 0 credits (0 swaps x 10)"


@pytest.mark.parametrize(
    ("value", "text"),
    [(120.0, "120"), (0.0, "0"), (2, "2"), (10.0, "10"), (100.0, "100"), (1e5, "100000")],
)
def test_fmt_credits_whole_numbers_have_no_decimals(value: float, text: str) -> None:
    assert fmt_credits(value) == text


@pytest.mark.parametrize("value", [118.5, 0.25, 2.75])
def test_fmt_credits_fractions_keep_their_value(value: float) -> None:
    text = fmt_credits(value)
    assert "." in text
    assert float(text) == value


@pytest.mark.parametrize(("value", "text"), [(1_000_000.0, "1000000"), (1_234_567.0, "1234567")])
def test_fmt_credits_large_totals_are_not_in_exponent_form(value: float, text: str) -> None:
    assert fmt_credits(value) == text


def test_price_prefers_the_model_override() -> None:
    provider = SimpleNamespace(prices={"swap": 10.0, "enhance": 2.0})
    config = ModelConfig(trigger="andie", prices={"enhance": 1.5})
    assert price(provider, config, "swap") == 10.0
    assert price(provider, config, "enhance") == 1.5
    assert price(SimpleNamespace(prices={}), config, "swap") == 0.0


def test_model_costs_sums_the_ledger_per_run(studio: Studio) -> None:
    create_model(studio, "andie")
    create_model(studio, "blondie")
    _add_runs(
        studio,
        "andie",
        {
            "andie-workflow-1": [("swap", 10), ("enhance", 2), ("swap", 10)],
            "andie-workflow-2": [("swap", 10.5)],
            "andie-workflow-3": [],
        },
    )
    _add_runs(studio, "blondie", {"blondie-workflow-1": [("swap", 99)]})

    costs = model_costs(studio, "andie")

    assert costs.model == "andie"
    assert costs.total_credits == pytest.approx(32.5)
    assert [(r.run_id, r.credits, r.ops) for r in costs.runs] == [
        ("andie-workflow-1", 22, {"swap": 2, "enhance": 1}),
        ("andie-workflow-2", 10.5, {"swap": 1}),
        ("andie-workflow-3", 0, {}),
    ]
    assert model_costs(studio, "blondie").total_credits == 99
    with pytest.raises(ModelNotFound):
        model_costs(studio, "nobody")


def test_model_status_counts(studio: Studio, photos: dict[str, list[Path]]) -> None:
    make_model(studio, photos, "andie", sources=2, targets=3, category="sfw", scopes="sfw")

    st = model_status(studio, "andie")
    assert st.name == "andie"
    assert st.path == str(studio.home / "models" / "andie")
    assert (st.trigger, st.provider) == ("andie", "local")
    assert st.sources == 2
    assert st.targets == {"nsfw": 0, "sfw": 3}
    assert st.consent == "synthetic (sfw)"
    assert (st.results, st.runs, st.credits, st.last_run, st.last_run_status) == (
        {},
        0,
        0,
        None,
        None,
    )

    _add_runs(
        studio,
        "andie",
        {"andie-workflow-1": [("swap", 10)], "andie-workflow-2": [("swap", 10), ("enhance", 2)]},
    )
    paths = studio.paths("andie")
    made: list[tuple[int, Stage]] = [(1, "swapped"), (1, "enhanced"), (2, "enhanced")]
    for source, stage in made:
        result = paths.result_path(source, 1, "sfw", stage)
        result.parent.mkdir(parents=True, exist_ok=True)
        result.write_bytes(b"jpeg")
    set_consent(studio, "andie", kind="synthetic", scopes="sfw,nsfw", attest_adult=True)

    st = model_status(studio, "andie")
    assert st.results == {"sfw/swapped": 1, "sfw/enhanced": 2}
    assert st.runs == 2
    assert st.credits == 22
    assert (st.last_run, st.last_run_status) == ("andie-workflow-2", "failed")
    assert st.consent == "synthetic (sfw,nsfw)"

    revoke_consent(studio, "andie")
    assert model_status(studio, "andie").consent == "revoked"


def test_status_of_every_model(studio: Studio) -> None:
    create_model(studio, "blondie", trigger="bl0nd")
    create_model(studio, "andie")
    statuses = all_models(studio)
    assert [s.name for s in statuses] == ["andie", "blondie"]
    assert statuses[1].trigger == "bl0nd"
    assert all(s.consent == "none" and s.sources == 0 for s in statuses)
    assert all(s.targets == {"nsfw": 0, "sfw": 0} for s in statuses)
