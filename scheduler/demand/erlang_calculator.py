"""The stand-alone Erlang calculator behind ``scheduler erlang``: answer and table as text."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scheduler.demand.erlang import (
    CONCURRENCY_FACTORS,
    ConcurrencyMethod,
    QueueFigures,
    ServiceTarget,
    Workload,
    chat_agents,
    queue_figures,
    required_servers,
    scheduled_agents,
)

TABLE_ROWS_AROUND = 3


@dataclass(frozen=True, kw_only=True)
class CalculatorInput:
    workload: Workload
    target: ServiceTarget
    patience_s: float | None = None
    concurrency: int = 1
    method: ConcurrencyMethod = ConcurrencyMethod.SLOTS
    shrinkage: float = 0.0


@dataclass(frozen=True, kw_only=True)
class CalculatorAnswer:
    on_duty: int
    scheduled: int
    figures: QueueFigures | None
    """The queue at the answer (None for the workload method, which has no queue)."""
    binding: str
    table: tuple[tuple[int, QueueFigures], ...]
    """(agents, figures) around the answer."""


def _queue_workload(given: CalculatorInput) -> Workload:
    """The queue the method solves: per chat slot (slots) or per agent (factor)."""
    if given.method == ConcurrencyMethod.FACTOR and given.concurrency > 1:
        w = given.workload
        return Workload(
            volume=w.volume,
            interval_s=w.interval_s,
            aht_s=w.aht_s / CONCURRENCY_FACTORS[given.concurrency],
        )
    return given.workload


def _servers_per_agent(given: CalculatorInput) -> int:
    return given.concurrency if given.method == ConcurrencyMethod.SLOTS else 1


def calculate(given: CalculatorInput) -> CalculatorAnswer:
    """The fewest agents meeting the target, and the figures for a few agents around it."""
    if given.method == ConcurrencyMethod.WORKLOAD and given.concurrency > 1:
        agents = chat_agents(
            given.workload,
            given.target,
            concurrency=given.concurrency,
            method=given.method,
            occupancy=given.target.max_occupancy,
        )
        on_duty = math.ceil(agents - 1e-9)
        return CalculatorAnswer(
            on_duty=on_duty,
            scheduled=int(scheduled_agents(on_duty, given.shrinkage)),
            figures=None,
            binding="planned occupancy",
            table=(),
        )
    queue = _queue_workload(given)
    per_agent = _servers_per_agent(given)
    best = required_servers(queue, given.target, given.patience_s)
    on_duty = math.ceil(best.servers / per_agent)
    rows = []
    for agents in range(max(1, on_duty - TABLE_ROWS_AROUND), on_duty + TABLE_ROWS_AROUND + 1):
        figures = queue_figures(queue, agents * per_agent, given.target.within_s, given.patience_s)
        rows.append((agents, figures))
    fewer = queue_figures(queue, max(0, best.servers - 1), given.target.within_s, given.patience_s)
    return CalculatorAnswer(
        on_duty=on_duty,
        scheduled=int(scheduled_agents(on_duty, given.shrinkage)),
        figures=queue_figures(queue, on_duty * per_agent, given.target.within_s, given.patience_s),
        binding=fewer.binding(given.target),
        table=tuple(rows),
    )


def _pct(value: float) -> str:
    return f"{value:.1%}"


def _seconds(value: float) -> str:
    return "∞" if math.isinf(value) else f"{value:.1f}"


def report(given: CalculatorInput) -> str:
    """What ``scheduler erlang`` prints."""
    answer = calculate(given)
    w, t = given.workload, given.target
    model = "Erlang A" if given.patience_s is not None else "Erlang C"
    lines = [
        f"{model}: {w.volume:g} chats per {w.interval_s / 60:g} min, handle time {w.aht_s:g} s, "
        f"target {t.level:.0%} answered within {t.within_s:g} s"
        + (f", mean patience {given.patience_s:g} s" if given.patience_s is not None else ""),
    ]
    if given.concurrency > 1:
        lines.append(f"concurrency   {given.concurrency} chats per agent ({given.method} method)")
    lines.append(f"traffic       {w.traffic:.2f} erlangs")
    if given.shrinkage:
        lines.append(
            f"Agents needed: {answer.scheduled} scheduled ({answer.on_duty} on duty + "
            f"{given.shrinkage:.0%} shrinkage)"
        )
    else:
        lines.append(f"Agents needed: {answer.on_duty}")
    lines.append(f"binding       {answer.binding}")
    f = answer.figures
    if f is not None:
        lines += [
            f"service level {_pct(f.service_level)} answered within {t.within_s:g} s",
            f"ASA           {_seconds(f.asa_s)} s",
            f"occupancy     {_pct(f.occupancy)}",
            f"waited        {_pct(f.p_wait)}",
            f"abandoned     {_pct(f.abandon) if given.patience_s is not None else '–'}",
        ]
    if given.concurrency > 1:
        spread = []
        for method in ConcurrencyMethod:
            other = calculate(
                CalculatorInput(
                    workload=w,
                    target=t,
                    patience_s=given.patience_s,
                    concurrency=given.concurrency,
                    method=method,
                )
            )
            spread.append(f"{method} {other.on_duty}")
        lines.append("on duty by concurrency method: " + ", ".join(spread))
    if answer.table:
        header = f"{'agents':>6} {'service':>8} {'ASA s':>7} {'occupancy':>9} {'waited':>7}"
        lines += ["", f"{header} {'abandoned':>9}"]
        for agents, row in answer.table:
            mark = "→" if agents == answer.on_duty else " "
            lines.append(
                f"{mark}{agents:>5} {_pct(row.service_level):>8} {_seconds(row.asa_s):>7} "
                f"{_pct(row.occupancy):>9} {_pct(row.p_wait):>7} "
                f"{_pct(row.abandon) if given.patience_s is not None else '–':>9}"
            )
    return "\n".join(lines)
