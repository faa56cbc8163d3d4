"""The figures of docs/scale.md: a batch of 10 small generated teams on 1 and 2 local
workers (process pool and local Ray), and Ray's overhead per task.

    .venv/bin/python scripts/measure_batch.py [--teams 10] [--time-limit 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import solver
from scheduler.batch import PoolExecutor, RayExecutor, run_batch
from scheduler.bench.synthetic import generate_team
from scheduler.team.calendar import Month
from scheduler.team.writer import write_team_folder

MONTH = Month.parse("2026-11")


def nothing(i: int) -> int:
    return i


def batch_seconds(teams: Path, out: Path, executor, params) -> tuple[float, list[float], int]:
    try:
        report = run_batch(teams, MONTH, out, executor=executor, params=params)
    finally:
        executor.close()
    assert not report.failed, report.failed
    return (
        report.wall_seconds,
        [t.wall_seconds for t in report.teams],
        sum(1 for t in report.teams if t.shortfall == 0),
    )


def ray_overhead(tasks: int) -> dict[str, float]:
    import ray

    started = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    start_up = time.perf_counter() - started
    remote = ray.remote(nothing)
    ray.get([remote.remote(i) for i in range(4)])  # workers up
    one_by_one = []
    for i in range(tasks):
        t = time.perf_counter()
        ray.get(remote.remote(i))
        one_by_one.append(time.perf_counter() - t)
    t = time.perf_counter()
    ray.get([remote.remote(i) for i in range(tasks)])
    at_once = (time.perf_counter() - t) / tasks
    ray.shutdown()
    return {
        "start_up_s": start_up,
        "round_trip_median_ms": statistics.median(one_by_one) * 1000,
        "throughput_ms_per_task": at_once * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--time-limit", type=float, default=20)
    args = parser.parse_args()
    params = solver.SolveParams(time_limit_s=args.time_limit, num_workers=1, seed=1)
    print(f"cores {os.cpu_count()}, load average {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        teams = Path(tmp) / "teams"
        for seed in range(args.teams):
            team = generate_team(num_agents=6, num_shops=2, month=MONTH, seed=seed)
            write_team_folder(team, teams / f"team-{seed:02d}")
        runs = {
            "pool, 1 worker": lambda: PoolExecutor(1),
            "pool, 2 workers": lambda: PoolExecutor(2),
            "ray local, 1 worker": lambda: RayExecutor("local", num_cpus=1),
            "ray local, 2 workers": lambda: RayExecutor("local", num_cpus=2),
        }
        for name, make in runs.items():
            t = time.perf_counter()
            executor = make()
            ready = time.perf_counter() - t
            wall, per_team, zero = batch_seconds(teams, Path(tmp) / name, executor, params)
            print(
                f"{name:22} batch {wall:6.1f} s  (+{ready:4.1f} s start)  per team median "
                f"{statistics.median(per_team):4.1f} s, sum {sum(per_team):5.1f} s, "
                f"zero shortfall {zero}/{args.teams}, load {os.getloadavg()[0]:.1f}"
            )
    print(ray_overhead(200))


if __name__ == "__main__":
    main()
