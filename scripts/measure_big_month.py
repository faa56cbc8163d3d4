"""The generated big months of issue 37: time to the first roster, the best roster's
shortfall at given seconds, and time to zero shortfall, one JSON line per run.

    .venv/bin/python scripts/measure_big_month.py --only generated-1200x120 \
        [--at 60,300,600] [--runs 1] [--seed 0] [--stop-at-zero]

The team is generated once per command (its witness takes a while on 1,200 agents).
"""

from __future__ import annotations

import argparse
import json
import os
import time

import solver
from scheduler.bench.roster import BENCH_MONTH, roster_cases
from scheduler.roster.build import make_roster
from scheduler.roster.to_problem import UNITS_PER_AGENT
from solver.search import by_blocks


def run(
    team: object, limit: float, seed: int, at: list[float], stop: bool, cut_at: float | None
) -> dict[str, object]:
    params = solver.SolveParams(time_limit_s=limit, num_workers=2, seed=seed)
    trace: list[tuple[float, float]] = []

    def note(progress: solver.Progress) -> None:
        if progress.shortfall is not None:
            trace.append((round(progress.elapsed, 1), progress.shortfall / UNITS_PER_AGENT))

    def zero() -> bool:
        if cut_at is not None and time.monotonic() - started > cut_at:
            return True
        return stop and any(units == 0 for _, units in trace)

    load_before = os.getloadavg()
    started = time.monotonic()
    outcome = make_roster(team, BENCH_MONTH, params=params, on_progress=note, should_stop=zero)  # type: ignore[arg-type]
    return {
        "seed": seed,
        "time_limit_s": limit,
        "first_roster_s": trace[0][0] if trace else None,
        "first_roster_shortfall": trace[0][1] if trace else None,
        "shortfall_at": {str(t): min((u for e, u in trace if e <= t), default=None) for t in at},
        "zero_shortfall_s": next((e for e, u in trace if u == 0), None),
        "wall_s": round(time.monotonic() - started, 1),
        "shortfall": outcome.summary.get("shortfall"),
        "status": outcome.summary.get("status"),
        "load_before": [round(x, 1) for x in load_before],
        "load_after": [round(x, 1) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="generated-1200x120")
    parser.add_argument("--time-limit", type=float, default=None)
    parser.add_argument("--at", default="60,300,600")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stop-at-zero", action="store_true")
    parser.add_argument(
        "--stop-at-limit",
        action="store_true",
        help="Stop once the time limit has passed (skips the floor's share after it).",
    )
    parser.add_argument(
        "--no-groups", action="store_true", help="First roster one by one (before issue 37)."
    )
    args = parser.parse_args()
    if args.no_groups:
        by_blocks.GROUPS_SHARE = 0.0
    case = next(c for c in roster_cases() if c.name == args.only)
    started = time.monotonic()
    team = case.load()
    print(
        json.dumps({"instance": case.name, "generated_s": round(time.monotonic() - started, 1)}),
        flush=True,
    )
    limit = args.time_limit or case.time_limit_s
    at = [float(x) for x in args.at.split(",")]
    for i in range(args.runs):
        cut_at = limit if args.stop_at_limit else None
        figures = run(team, limit, args.seed + i, at, args.stop_at_zero, cut_at)
        # Whether the first roster was built by groups (solver.search.groups) in this run.
        by_groups = by_blocks.GROUPS_SHARE > 0 and len(team.agents) >= by_blocks.GROUPS_MIN_AGENTS
        print(json.dumps({"instance": case.name, "groups": by_groups, **figures}), flush=True)


if __name__ == "__main__":
    main()
