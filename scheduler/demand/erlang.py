"""Queueing maths for staffing: Erlang C, Erlang A, chat concurrency and shrinkage.

Pure functions of numbers (stdlib, numpy, scipy): no files, no pandas.

Service level. Erlang C: the share of all arrivals answered within ``within_s``
(everyone is answered eventually). Erlang A: answered within ``within_s`` divided
by *all* arrivals, so a chat whose buyer leaves before an answer counts as a miss,
whenever they leave.

Erlang A's service level has a closed form. A chat that arrives with ``j`` chats
waiting ahead of it moves up one place at rate ``N·μ + i·θ`` (a completion, or a
buyer ahead giving up) and gives up itself at rate ``θ``. With ``a = N·μ/θ`` it is
answered with probability ``a/(a+j+1)`` (the product telescopes), and the time to
leave the queue either way is a sum of exponentials with rates ``θ(a+1)…θ(a+j+1)``,
whose distribution function is the regularized incomplete beta function
``I_{1−exp(−θt)}(j+1, a+1)`` (a pure-death process). Both hold as θ → 0 (Erlang C).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy.special import betainc

# Effective chats an agent handles in the time of one, by concurrency (domain.md §4).
CONCURRENCY_FACTORS = {1: 1.0, 2: 1.7, 3: 2.5, 4: 2.9, 5: 3.5}

# Float division (14 / 0.7 = 20.000000000000004) must not round up to one more agent.
_ROUNDING_SLACK = 1e-9
# Erlang A's birth–death chain is cut where a state's probability falls below e^-40.
_LOG_TAIL = 40.0
_MAX_STATES = 200_000


class ConcurrencyMethod(StrEnum):
    """How an agent with several chats open at once is counted."""

    SLOTS = "slots"
    """Each agent is ``k`` servers; the handle time is measured at that concurrency."""
    FACTOR = "factor"
    """One server per agent, with handle time divided by ``CONCURRENCY_FACTORS[k]``."""
    WORKLOAD = "workload"
    """No queue: agents = traffic / (k · occupancy)."""


@dataclass(frozen=True, kw_only=True)
class Workload:
    """Chats offered to one queue: ``volume`` arrivals per ``interval_s``, each ``aht_s`` long."""

    volume: float
    interval_s: float
    aht_s: float

    def __post_init__(self) -> None:
        if not self.volume >= 0:
            raise ValueError(f"volume must be >= 0, got {self.volume!r}")
        if not self.interval_s > 0:
            raise ValueError(f"interval_s must be > 0, got {self.interval_s!r}")
        if not self.aht_s > 0:
            raise ValueError(f"aht_s must be > 0, got {self.aht_s!r}")

    @property
    def rate_per_s(self) -> float:
        return self.volume / self.interval_s

    @property
    def traffic(self) -> float:
        """Offered load in erlangs: A = λ · AHT."""
        return self.rate_per_s * self.aht_s


@dataclass(frozen=True, kw_only=True)
class ServiceTarget:
    """What "enough agents" means: the service level and the caps that must all hold."""

    level: float = 0.8
    within_s: float = 20.0
    max_occupancy: float = 1.0
    max_abandon: float = 1.0

    def __post_init__(self) -> None:
        if not 0 < self.level < 1:
            raise ValueError(f"level must be between 0 and 1, got {self.level!r}")
        if not self.within_s >= 0:
            raise ValueError(f"within_s must be >= 0, got {self.within_s!r}")
        if not 0 < self.max_occupancy <= 1:
            raise ValueError(f"max_occupancy must be in (0, 1], got {self.max_occupancy!r}")
        if not 0 < self.max_abandon <= 1:
            raise ValueError(f"max_abandon must be in (0, 1], got {self.max_abandon!r}")


@dataclass(frozen=True, kw_only=True)
class QueueFigures:
    """How a queue does with ``servers`` servers."""

    servers: int
    traffic: float
    service_level: float
    asa_s: float
    """Average wait of the chats that are answered (inf when the queue never empties)."""
    occupancy: float
    p_wait: float
    abandon: float = 0.0

    def meets(self, target: ServiceTarget) -> bool:
        return (
            self.service_level >= target.level - _ROUNDING_SLACK
            and self.occupancy <= target.max_occupancy + _ROUNDING_SLACK
            and self.abandon <= target.max_abandon + _ROUNDING_SLACK
        )

    def binding(self, target: ServiceTarget) -> str:
        """Which of the target's conditions fails one server fewer (for messages)."""
        if self.service_level < target.level - _ROUNDING_SLACK:
            return "service level"
        if self.occupancy > target.max_occupancy + _ROUNDING_SLACK:
            return "occupancy cap"
        return "abandonment cap"


def erlang_b(traffic: float, servers: int) -> float:
    """Blocking probability by the recursion B(0)=1, B(k) = A·B(k−1)/(k + A·B(k−1))."""
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = traffic * blocking / (k + traffic * blocking)
    return blocking


def erlang_c(workload: Workload, servers: int, within_s: float) -> QueueFigures:
    """Erlang C (M/M/N) figures; with N ≤ A the queue grows without end."""
    a = workload.traffic
    n = servers
    if n <= 0 or n <= a:
        return QueueFigures(
            servers=n, traffic=a, service_level=0.0, asa_s=math.inf, occupancy=1.0, p_wait=1.0
        )
    b = erlang_b(a, n)
    p_wait = n * b / (n - a * (1 - b))
    service = 1 - p_wait * math.exp(-(n - a) * within_s / workload.aht_s)
    return QueueFigures(
        servers=n,
        traffic=a,
        service_level=service,
        asa_s=p_wait * workload.aht_s / (n - a),
        occupancy=a / n,
        p_wait=p_wait,
    )


def _states_needed(rate: float, capacity: float, theta: float) -> int:
    """Queue places to keep so that the cut-off tail of the chain is negligible."""
    over = max(0.0, (rate - capacity) / theta)
    decay = math.sqrt(2 * _LOG_TAIL * rate / theta)
    if capacity > rate:
        decay = min(decay, _LOG_TAIL / math.log(capacity / rate))
    return min(_MAX_STATES, math.ceil(over + decay) + 50)


def erlang_a(workload: Workload, servers: int, within_s: float, patience_s: float) -> QueueFigures:
    """Erlang A (M/M/N+M) figures with exponential patience of mean ``patience_s``."""
    if not patience_s > 0:
        raise ValueError(f"patience_s must be > 0, got {patience_s!r}")
    a = workload.traffic
    n = servers
    lam = workload.rate_per_s
    mu = 1 / workload.aht_s
    theta = 1 / patience_s
    if lam == 0:
        return QueueFigures(
            servers=n, traffic=a, service_level=1.0, asa_s=0.0, occupancy=0.0, p_wait=0.0
        )
    if n <= 0:
        return QueueFigures(
            servers=n,
            traffic=a,
            service_level=0.0,
            asa_s=math.inf,
            occupancy=1.0,
            p_wait=1.0,
            abandon=1.0,
        )
    places = _states_needed(lam, n * mu, theta)
    k = np.arange(1, n + places + 1)
    deaths = np.minimum(k, n) * mu + np.maximum(k - n, 0) * theta
    log_terms = np.concatenate(([0.0], np.cumsum(np.log(lam / deaths))))
    p = np.exp(log_terms - log_terms.max())
    p /= p.sum()
    queued = p[n:]
    ahead = np.arange(queued.size)
    p_wait = float(queued.sum())
    abandon = theta * float((queued * ahead).sum()) / lam
    busy = float((p * np.minimum(np.arange(p.size), n)).sum())
    ratio = n * mu / theta
    answered_if_queued = ratio / (ratio + ahead + 1)
    answered_in_time = answered_if_queued * betainc(
        ahead + 1, ratio + 1, -math.expm1(-theta * within_s)
    )
    service = float(p[:n].sum() + (queued * answered_in_time).sum())
    # E[wait · answered | j ahead] = a/(a+j+1) · Σ_{i=0..j} 1/(θ(a+i+1)).
    harmonic = np.cumsum(1 / (theta * (ratio + ahead + 1)))
    answered = 1 - abandon
    wait_of_answered = float((queued * answered_if_queued * harmonic).sum())
    return QueueFigures(
        servers=n,
        traffic=a,
        service_level=service,
        asa_s=wait_of_answered / answered if answered > 0 else math.inf,
        occupancy=busy / n,
        p_wait=p_wait,
        abandon=abandon,
    )


def queue_figures(
    workload: Workload, servers: int, within_s: float, patience_s: float | None = None
) -> QueueFigures:
    """Erlang C without ``patience_s``, Erlang A with it."""
    if patience_s is None:
        return erlang_c(workload, servers, within_s)
    return erlang_a(workload, servers, within_s, patience_s)


def required_servers(
    workload: Workload, target: ServiceTarget, patience_s: float | None = None
) -> QueueFigures:
    """The fewest servers that meet ``target``, with their figures.

    Erlang C needs more than A servers; Erlang A is searched from the Erlang C answer
    (downwards while the target still holds, else upwards), since both move together.
    """
    if workload.volume == 0:
        return queue_figures(workload, 0, target.within_s, patience_s)
    n = max(1, math.floor(workload.traffic) + 1)
    while not (figures := erlang_c(workload, n, target.within_s)).meets(target):
        n += 1
    if patience_s is None:
        return figures
    figures = erlang_a(workload, n, target.within_s, patience_s)
    if figures.meets(target):
        while n > 1:
            fewer = erlang_a(workload, n - 1, target.within_s, patience_s)
            if not fewer.meets(target):
                break
            n, figures = n - 1, fewer
        return figures
    while not figures.meets(target):
        n += 1
        figures = erlang_a(workload, n, target.within_s, patience_s)
    return figures


def chat_agents(
    workload: Workload,
    target: ServiceTarget,
    *,
    concurrency: int = 1,
    method: ConcurrencyMethod = ConcurrencyMethod.SLOTS,
    patience_s: float | None = None,
    occupancy: float = 0.85,
) -> float:
    """Agents on duty for chats when each agent runs ``concurrency`` chats at once.

    Returns a fraction where the method gives one (slots: servers / k; workload):
    an agent shared between shops gives each a part of their chats.
    ``occupancy`` is the workload method's planned occupancy.
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be >= 1, got {concurrency!r}")
    if method == ConcurrencyMethod.WORKLOAD:
        return workload.traffic / (concurrency * occupancy)
    if method == ConcurrencyMethod.FACTOR:
        if concurrency not in CONCURRENCY_FACTORS:
            raise ValueError(
                f"the factor method knows concurrency 1 to {max(CONCURRENCY_FACTORS)}, "
                f"got {concurrency}"
            )
        faster = Workload(
            volume=workload.volume,
            interval_s=workload.interval_s,
            aht_s=workload.aht_s / CONCURRENCY_FACTORS[concurrency],
        )
        return float(required_servers(faster, target, patience_s).servers)
    return required_servers(workload, target, patience_s).servers / concurrency


def round_up(value: float, step: float = 1.0) -> float:
    """``value`` rounded up to a multiple of ``step`` (float noise does not add a step)."""
    steps = math.ceil(value / step - _ROUNDING_SLACK)
    return round(max(0, steps) * step, 10)


def scheduled_agents(on_duty: float, shrinkage: float, step: float = 1.0) -> float:
    """Agents to schedule so that ``on_duty`` remain after shrinkage: ⌈N / (1 − s)⌉."""
    if not 0 <= shrinkage < 1:
        raise ValueError(f"shrinkage must be in [0, 1), got {shrinkage!r}")
    return round_up(on_duty / (1 - shrinkage), step)
