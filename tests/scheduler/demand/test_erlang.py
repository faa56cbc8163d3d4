"""The oracles of domain.md §4 (each recomputed independently there) and two properties."""

import itertools
import math

import pytest

from scheduler.demand.erlang import (
    ConcurrencyMethod,
    ServiceTarget,
    Workload,
    chat_agents,
    erlang_a,
    erlang_c,
    required_servers,
    round_up,
    scheduled_agents,
)


def per_30_min(volume: float, aht_s: float) -> Workload:
    return Workload(volume=volume, interval_s=1800, aht_s=aht_s)


# case, volume per 30 min, AHT s, agents, answer within s, p_wait, service level, ASA s, occupancy
ERLANG_C_FIGURES = [
    pytest.param(100, 180, 14, 20, 0.174132, 0.888350, 7.836, 0.714286, id="O1-at-14"),
    pytest.param(100, 180, 13, 20, None, 0.7956, None, None, id="O1-at-13"),
    pytest.param(450, 270, 71, 30, None, 0.6104, 44.3, None, id="O2-at-71"),
    pytest.param(450, 270, 72, 30, None, 0.7066, 29.0, None, id="O2-at-72"),
    pytest.param(450, 270, 73, 30, None, 0.7805, 19.9, None, id="O2-at-73"),
    pytest.param(360, 240, 55, 15, 0.2387, 0.8459, 8.18, None, id="O3-at-55"),
]


def close(value: float, expected: float) -> bool:
    """Equal to the oracle's last printed digit."""
    text = repr(expected)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(value - expected) <= 0.6 * 10**-decimals


@pytest.mark.parametrize(
    ("volume", "aht", "agents", "within", "p_wait", "service", "asa", "occupancy"),
    ERLANG_C_FIGURES,
)
def test_erlang_c_figures(volume, aht, agents, within, p_wait, service, asa, occupancy):
    figures = erlang_c(per_30_min(volume, aht), agents, within)
    for value, expected in (
        (figures.p_wait, p_wait),
        (figures.service_level, service),
        (figures.asa_s, asa),
        (figures.occupancy, occupancy),
    ):
        if expected is not None:
            assert close(value, expected), (value, expected)


@pytest.mark.parametrize(
    ("volume", "aht", "level", "within", "shrinkage", "on_duty", "scheduled"),
    [
        pytest.param(100, 180, 0.8, 20, 0.3, 14, 20, id="O1"),
        pytest.param(450, 270, 0.7, 30, 0.0, 72, 72, id="O2"),
        pytest.param(360, 240, 0.8, 15, 0.0, 55, 55, id="O3"),
    ],
)
def test_erlang_c_fewest_agents(volume, aht, level, within, shrinkage, on_duty, scheduled):
    best = required_servers(per_30_min(volume, aht), ServiceTarget(level=level, within_s=within))
    assert best.servers == on_duty
    assert scheduled_agents(best.servers, shrinkage) == scheduled


def test_erlang_a_figures_O4():
    figures = erlang_a(per_30_min(100, 180), 14, 20, patience_s=300)
    assert close(figures.p_wait, 0.14526)
    assert close(figures.abandon, 0.013984)
    assert close(figures.occupancy, 0.704297)
    assert close(figures.service_level, 0.916792)


def test_erlang_a_fewest_agents_O4b():
    target = ServiceTarget(level=0.8, within_s=20, max_occupancy=0.85, max_abandon=0.05)
    best = required_servers(per_30_min(100, 180), target, patience_s=300)
    assert best.servers == 13
    assert scheduled_agents(best.servers, 0.3) == 19


@pytest.mark.parametrize(
    ("method", "agents"),
    [
        pytest.param(ConcurrencyMethod.SLOTS, 9, id="C1-slots"),
        pytest.param(ConcurrencyMethod.FACTOR, 11, id="C1-factor-2.5"),
        pytest.param(ConcurrencyMethod.WORKLOAD, 8, id="C1-workload-85%"),
    ],
)
def test_chat_concurrency_methods_C1(method, agents):
    chats = Workload(volume=120, interval_s=3600, aht_s=600)
    target = ServiceTarget(level=0.8, within_s=30)
    needed = chat_agents(chats, target, concurrency=3, method=method, occupancy=0.85)
    assert math.ceil(needed - 1e-9) == agents


@pytest.mark.parametrize("patience", [None, 60.0, 600.0])
@pytest.mark.parametrize(("volume", "aht"), [(100, 180), (450, 270), (12, 600)])
def test_service_level_rises_with_agents(volume, aht, patience):
    workload = per_30_min(volume, aht)
    start = max(1, math.floor(workload.traffic * 0.7))
    levels = []
    for n in range(start, start + 25):
        if patience is None:
            levels.append(erlang_c(workload, n, 20).service_level)
        else:
            levels.append(erlang_a(workload, n, 20, patience).service_level)
    assert all(b >= a - 1e-12 for a, b in itertools.pairwise(levels))
    assert levels[-1] > levels[0]


@pytest.mark.parametrize("agents", [11, 14, 20])
def test_erlang_a_tends_to_erlang_c_as_patience_grows(agents):
    workload = per_30_min(100, 180)
    c = erlang_c(workload, agents, 20)
    gaps = []
    for patience in (100.0, 1e3, 1e4, 1e5, 1e6):
        a = erlang_a(workload, agents, 20, patience)
        gaps.append(abs(a.service_level - c.service_level) + abs(a.p_wait - c.p_wait))
    assert gaps == sorted(gaps, reverse=True)
    assert gaps[-1] < 1e-3


def test_erlang_a_answered_share_agrees_with_abandonment():
    """P(answered) from the closed form equals 1 − θ·E[Q]/λ, and ASA of answered is finite."""
    workload = per_30_min(100, 180)
    figures = erlang_a(workload, 12, 1e9, patience_s=300)
    assert figures.service_level == pytest.approx(1 - figures.abandon, abs=1e-9)
    assert 0 < figures.asa_s < 300


def test_overloaded_erlang_c_has_no_service():
    figures = erlang_c(per_30_min(100, 180), 10, 20)
    assert figures.service_level == 0 and math.isinf(figures.asa_s)


def test_rounding_ignores_float_noise_and_rounds_to_the_step():
    noisy = 0.1 * 3  # 0.30000000000000004: float noise that must not round up to 0.4
    assert noisy / 0.1 > 3
    assert round_up(noisy, 0.1) == 0.3
    assert scheduled_agents(14, 0.3) == 20
    assert round_up(0.31, 0.1) == 0.4
    assert round_up(0.3, 0.1) == 0.3
    assert scheduled_agents(1, 0.2, step=0.1) == 1.3


@pytest.mark.parametrize(
    "bad",
    [
        {"volume": -1, "interval_s": 60, "aht_s": 60},
        {"volume": 1, "interval_s": 0, "aht_s": 60},
        {"volume": 1, "interval_s": 60, "aht_s": 0},
    ],
)
def test_workload_refuses_impossible_values(bad):
    with pytest.raises(ValueError, match="must be"):
        Workload(**bad)
