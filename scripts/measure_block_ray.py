"""The 600-agent figure of docs/scale.md: the generated 600-agent team's time to zero
shortfall with the block search's sub-solves on today's thread pool, then on a local Ray
of 2 CPUs, back to back under the same conditions.

    .venv/bin/python scripts/measure_block_ray.py [--time-limit 300] [--order threads,ray]

Each run stops once the shortfall is zero (the figure is the time to get there), else at
the time limit. Prints one JSON line per run.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import replace

import solver
from scheduler.batch import make_ray_futures
from scheduler.bench.roster import BENCH_MONTH, roster_cases
from scheduler.roster.build import make_roster
from scheduler.roster.to_problem import UNITS_PER_AGENT


def run(mode: str, time_limit_s: float, workers: int) -> dict[str, object]:
    team = next(c for c in roster_cases() if c.name == "generated-600x60").load()
    params = solver.SolveParams(time_limit_s=time_limit_s, num_workers=workers, seed=0)
    tasks, start_up = None, 0.0
    if mode == "ray":
        started = time.monotonic()
        tasks = make_ray_futures("local", num_cpus=workers)
        start_up = time.monotonic() - started
        params = replace(params, executor=tasks, sub_solves_at_once=tasks.slots)
    zero_at: list[float] = []
    shortfalls: list[tuple[float, float]] = []

    def note(progress: solver.Progress) -> None:
        if progress.shortfall is not None:
            shortfalls.append((round(progress.elapsed, 1), progress.shortfall))
        if progress.shortfall == 0 and not zero_at:
            zero_at.append(progress.elapsed)

    load_before = os.getloadavg()
    started = time.monotonic()
    try:
        outcome = make_roster(
            team, BENCH_MONTH, params=params, on_progress=note, should_stop=lambda: bool(zero_at)
        )
    finally:
        if tasks is not None:
            tasks.close()
    return {
        "mode": mode,
        "agents": len(team.agents),
        "time_limit_s": time_limit_s,
        "workers": workers,
        "ray_start_up_s": round(start_up, 1),
        "zero_shortfall_s": round(zero_at[0], 1) if zero_at else None,
        "wall_s": round(time.monotonic() - started, 1),
        "shortfall": outcome.summary.get("shortfall"),
        "status": outcome.summary.get("status"),
        "ray_tasks": len(tasks.ran_on) if tasks is not None else 0,
        "first_roster_s": shortfalls[0][0] if shortfalls else None,
        # The best roster's shortfall (agent-shifts) by each minute of the search.
        "shortfall_by_minute": {
            minute: min(
                (units / UNITS_PER_AGENT for at, units in shortfalls if at <= 60 * minute),
                default=None,
            )
            for minute in range(1, int(time_limit_s // 60) + 1)
        },
        "load_before": [round(x, 1) for x in load_before],
        "load_after": [round(x, 1) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--order", default="threads,ray")
    args = parser.parse_args()
    for mode in args.order.split(","):
        print(json.dumps(run(mode, args.time_limit, args.workers)), flush=True)


if __name__ == "__main__":
    main()
