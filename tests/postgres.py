"""A throwaway PostgreSQL for the tests: a cluster in a temporary folder on a free port.

Debian's binaries (``make postgres`` installs them) under /usr/lib/postgresql/*/bin.
PostgreSQL refuses to run as root, so as root the cluster runs as the ``postgres`` user
(Debian's package makes it) or else ``nobody``, through ``runuser``.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

USER = "roster"  # the cluster's superuser, trusted on 127.0.0.1 only
SERVER_OPTIONS = (
    # A test cluster: nothing to keep after a crash, so no waiting for the disk.
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c max_connections=300 -c listen_addresses=127.0.0.1"
)


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: the newest Debian one, else the PATH's."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[4])
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def run_as() -> str | None:
    """The user to run the server as when we are root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("running as root and there is no postgres or nobody user to run as")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """One running cluster; ``new_database`` gives each test its own database."""

    bin_dir: Path
    folder: Path
    port: int
    user: str | None
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed: {done.stdout}{done.stderr}{tail}")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        data = self.folder / "data"
        self._run(
            "initdb",
            *("-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-locale"),
            "--no-sync",
        )
        options = f"-p {self.port} -k {self.folder} {SERVER_OPTIONS}"
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(statement))
        engine.dispose()

    def new_database(self) -> str:
        """A new empty database's name."""
        name = f"test_{next(self._names)}"
        self._admin(f"CREATE DATABASE {name}")
        return name

    def drop_database(self, name: str) -> None:
        """Drop it, closing what a test left connected."""
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start_cluster(bin_dir: Path) -> Cluster:
    """initdb and pg_ctl start in a new temporary folder (owned by the user it runs as)."""
    user = run_as()
    folder = Path(tempfile.mkdtemp(prefix="roster-pg-"))
    if user:
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    cluster = Cluster(bin_dir=bin_dir, folder=folder, port=free_port(), user=user)
    try:
        cluster.start()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return cluster
