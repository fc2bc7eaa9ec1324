"""Polling a remote job near its expected completion: the schedule and the running mean."""

from __future__ import annotations

import itertools

import pytest

from aistudio.providers.polling import MIN_STEP, Latency, Schedule


def test_before_any_job_completes_the_gaps_grow_with_the_time_waited() -> None:
    s = Schedule(None, first=0.5, max_step=5.0)
    polls, t = [], 0.0
    while t < 60:
        t += s.next_delay(t)
        polls.append(t)
    assert polls[:4] == pytest.approx([0.5, 0.75, 1.0, 1.25])  # half of `first` at first
    gaps = [b - a for a, b in itertools.pairwise(polls)]
    assert all(g <= max(0.25, 0.2 * a) + 1e-6 for g, a in zip(gaps, polls, strict=False))
    assert max(gaps) == pytest.approx(5.0) and len(polls) < 40  # a minute: 5 s late at most


@pytest.mark.parametrize("expected", [0.3, 2.0, 5.0, 60.0])
def test_a_known_latency_is_polled_near_its_end_then_in_small_steps(expected: float) -> None:
    s = Schedule(expected, first=1.0, max_step=5.0)
    assert s.next_delay(0.0) == pytest.approx(0.9 * expected)
    step = s.next_delay(0.9 * expected)
    assert step == max(MIN_STEP, min(5.0, 0.05 * expected))
    # A job that ends at its expected time is seen at most one step late.
    polls, t = 1, 0.9 * expected
    while t < expected:
        t += s.next_delay(t)
        polls += 1
    assert t - expected <= step + 1e-9 and polls <= 4


def test_the_running_mean_follows_a_changing_latency() -> None:
    lat = Latency()
    assert lat.expected("swap") is None
    lat.observe("swap", 2.0)
    assert lat.expected("swap") == 2.0
    for _ in range(20):
        lat.observe("swap", 5.0)
    assert lat.expected("swap") == pytest.approx(5.0, abs=0.01)
    assert lat.expected("enhance") is None


def _poll_once(lat: Latency, true: float) -> float:
    """One job through the schedule, as the MaxStudio client polls it; returns its lateness."""
    s = Schedule(lat.expected("enhance"), first=1.0, max_step=5.0)
    t, running_at = s.next_delay(0.0), None
    while t < true:
        running_at = t
        t += s.next_delay(t)
    if running_at is None:
        lat.observe_done_by("enhance", t)
    else:
        lat.observe("enhance", (running_at + t) / 2)
    return t - true


def test_jobs_found_done_at_their_first_poll_pull_the_next_first_polls_earlier() -> None:
    # Before anything is known the first poll comes at 1 s (here), twice a 0.5 s job's latency.
    lat = Latency()
    lateness = [_poll_once(lat, true=0.5) for _ in range(15)]
    assert lateness[0] == pytest.approx(0.5)
    assert max(lateness[-5:]) <= 0.05  # within a step of its end, in a handful of jobs
    assert lat.expected("enhance") == pytest.approx(0.5, abs=0.1)
