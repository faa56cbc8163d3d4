"""`scheduler bench load`: a bounded load test of a real server on 127.0.0.1.

A server process is started on a free loopback port with a fresh database and an access
token, the demo team is loaded and built once, then two more builds run while ``clients``
threads send ``requests`` page and API requests (keep-alive, round robin over the pages a
team lead opens and the API calls a script makes). Every response must be 2xx; latencies
are reported as percentiles. Only 127.0.0.1 is ever contacted, and the run stops by itself.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


@dataclass(frozen=True, kw_only=True)
class LoadFigures:
    requests: int
    clients: int
    builds: int
    wall_s: float
    latencies_ms: list[float]
    errors: list[str]
    build_states: list[str]
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    by_path_ms: dict[str, float] = field(default_factory=dict)
    """The slowest latency seen per kind of request."""

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0

    @property
    def requests_per_s(self) -> float:
        return len(self.latencies_ms) / self.wall_s if self.wall_s else 0.0


class Client:
    """One keep-alive connection to the server, with the access token."""

    def __init__(self, port: int, token: str, timeout_s: float = 60) -> None:
        self.port, self.token, self.timeout_s = port, token, timeout_s
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout_s)

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        headers = {"Authorization": f"Bearer {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server may close an idle keep-alive connection: reconnect once.
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout_s)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def upload(self, path: str, files: dict[str, bytes]) -> tuple[int, bytes]:
        """POST files as multipart/form-data (field ``files``), as the upload form does."""
        boundary = secrets.token_hex(16)
        parts = []
        for name, data in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                f'filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                + data
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        }
        self.conn.request("POST", path, body=body, headers=headers)
        response = self.conn.getresponse()
        return response.status, response.read()

    def json(self, method: str, path: str, body: Any = None) -> Any:
        status, data = self.request(method, path, body)
        if status >= 300:
            raise RuntimeError(f"{method} {path}: {status} {data[:300]!r}")
        return json.loads(data)

    def close(self) -> None:
        self.conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def server_process(data_dir: Path, token: str, log: Path) -> Iterator[int]:
    """`scheduler serve` in a child process on a free loopback port; yields the port."""
    port = free_port()
    env = os.environ | {
        "SCHEDULER_TOKEN": token,
        "SCHEDULER_BUILD_WORKERS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-c", "from scheduler.cli import main; main()", "serve"]
    command += ["--data-dir", str(data_dir), "--host", HOST, "--port", str(port)]
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{log.read_text(errors='replace')}")
            try:
                with socket.create_connection((HOST, port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not start within 60 s") from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def wait_job(client: Client, team: int, job: int, states: tuple[str, ...], limit_s: float) -> str:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        state = str(client.json("GET", f"/api/teams/{team}/jobs/{job}")["state"])
        if state in states:
            return state
        time.sleep(0.3)
    raise RuntimeError(f"build {job} did not reach {states} within {limit_s} s")


def request_mix(team: int, version: int, agent: str, shop: str) -> list[tuple[str, str]]:
    """(kind, path): what a team lead's browser and a script ask for."""
    base = f"/teams/{team}"
    roster = f"{base}/rosters/{version}"
    return [
        ("home page", "/"),
        ("team page", base),
        ("requirements page", f"{base}/requirements?month=2026-11"),
        ("grid page", roster),
        ("grid page by shop", f"{roster}?shop={shop}"),
        ("agent page", f"{roster}/agents/{agent}"),
        ("shop page", f"{roster}/shops/{shop}"),
        ("api teams", "/api/teams"),
        ("api team", f"/api{base}"),
        ("api jobs", f"/api{base}/jobs"),
        ("api rosters", f"/api{base}/rosters"),
        ("api roster", f"/api{roster}"),
        ("api coverage", f"/api{roster}/coverage"),
        ("roster.csv", f"/api{roster}/roster.csv"),
        ("roster.xlsx", f"/api{roster}/roster.xlsx"),
        ("calendar.ics", f"/api{roster}/agents/{agent}/calendar.ics"),
    ]


def run_load(
    *,
    requests: int = 1000,
    clients: int = 20,
    builds: int = 2,
    build_time_limit_s: float = 60,
    first_build_s: float = 30,
    example: str = "demo-team",
    team_dir: Path | None = None,
) -> LoadFigures:
    """Start a server, build once, start ``builds`` more, and send the requests meanwhile.

    The team is the bundled ``example``, or the team folder ``team_dir`` uploaded.
    """
    token = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        folder = Path(tmp)
        with server_process(folder / "data", token, folder / "server.log") as port:
            admin = Client(port, token)
            try:
                return _run(
                    admin,
                    port,
                    token,
                    requests,
                    clients,
                    builds,
                    build_time_limit_s,
                    first_build_s,
                    example,
                    team_dir,
                )
            finally:
                admin.close()


def _run(
    admin: Client,
    port: int,
    token: str,
    requests: int,
    clients: int,
    builds: int,
    build_time_limit_s: float,
    first_build_s: float,
    example: str,
    team_dir: Path | None,
) -> LoadFigures:
    if team_dir is None:
        team = int(admin.json("POST", f"/api/examples/{example}")["id"])
    else:
        files = {p.name: p.read_bytes() for p in sorted(team_dir.iterdir()) if p.is_file()}
        status, data = admin.upload("/api/teams", files)
        if status != 201:
            raise RuntimeError(f"the team upload was refused: {status} {data[:500]!r}")
        team = int(json.loads(data)["id"])
    detail = admin.json("GET", f"/api/teams/{team}")
    agent, shop = detail["agent_list"][0]["agent_id"], detail["shop_list"][0]["shop_id"]
    jobs = f"/api/teams/{team}/jobs"
    first = admin.json("POST", jobs, {"month": "2026-11", "time_limit_s": first_build_s})
    if wait_job(admin, team, first["id"], ("done", "failed"), first_build_s + 120) != "done":
        job = admin.json("GET", f"{jobs}/{first['id']}")
        raise RuntimeError(f"the first build failed: {job['message']}")
    running = [
        admin.json(
            "POST",
            jobs,
            {"month": "2026-11", "time_limit_s": build_time_limit_s, "previous": "none"},
        )["id"]
        for _ in range(builds)
    ]
    for job in running:
        wait_job(admin, team, job, ("running", "done"), 60)
    load_before = os.getloadavg()
    figures = _send(port, token, request_mix(team, 1, agent, shop), requests, clients)
    load_after = os.getloadavg()
    states = [str(admin.json("GET", f"{jobs}/{job}")["state"]) for job in running]
    for job in running:
        admin.request("POST", f"{jobs}/{job}/cancel")
    latencies, errors, wall_s, slowest = figures
    return LoadFigures(
        requests=requests,
        clients=clients,
        builds=builds,
        wall_s=wall_s,
        latencies_ms=latencies,
        errors=errors,
        build_states=states,
        load_before=load_before,
        load_after=load_after,
        by_path_ms=slowest,
    )


def _send(
    port: int, token: str, paths: list[tuple[str, str]], requests: int, clients: int
) -> tuple[list[float], list[str], float, dict[str, float]]:
    latencies: list[float] = []
    errors: list[str] = []
    slowest: dict[str, float] = {}
    lock = threading.Lock()
    counter = iter(range(requests))

    def client_loop(offset: int) -> None:
        client = Client(port, token)
        try:
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                kind, path = paths[(n + offset) % len(paths)]
                started = time.perf_counter()
                try:
                    status, _ = client.request("GET", path)
                    problem = None if 200 <= status < 300 else f"GET {path}: HTTP {status}"
                except OSError as exc:
                    problem = f"GET {path}: {type(exc).__name__}: {exc}"
                elapsed_ms = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed_ms)
                    slowest[kind] = max(slowest.get(kind, 0.0), elapsed_ms)
                    if problem:
                        errors.append(problem)
        finally:
            client.close()

    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started, slowest


def figures_section(figures: LoadFigures, machine: str) -> str:
    """Markdown for docs/reliability.md."""
    load = "/".join(f"{x:.1f}" for x in figures.load_before)
    load_after = "/".join(f"{x:.1f}" for x in figures.load_after)
    lines = [
        f"`scheduler bench load --requests {figures.requests} --clients {figures.clients}` "
        f"on {datetime.now(UTC):%Y-%m-%d}, {machine}; load average (1/5/15 min) {load} "
        f"before the requests, {load_after} after.",
        "",
        "| requests | clients | builds running | errors | wall s | req/s | p50 ms | p90 ms "
        "| p99 ms | max ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {len(figures.latencies_ms)} | {figures.clients} | {figures.builds} "
        f"({', '.join(figures.build_states)} at the end) | {len(figures.errors)} "
        f"| {figures.wall_s:.1f} | {figures.requests_per_s:.0f} "
        f"| {figures.percentile(0.5):.0f} | {figures.percentile(0.9):.0f} "
        f"| {figures.percentile(0.99):.0f} | {max(figures.latencies_ms, default=0):.0f} |",
        "",
        "Slowest response per kind of request (ms): "
        + ", ".join(f"{k} {v:.0f}" for k, v in sorted(figures.by_path_ms.items())),
    ]
    return "\n".join(lines)
