"""What the accounts tests share: two teams, one user of each role, a client per user."""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import scheduler.people.passwords as passwords
from scheduler.cli import app as cli_app
from scheduler.web import Settings
from tests.web.helpers import upload_team

PASSWORD = "s3cret-pass"
USERS = {
    # role in the matrix -> (username, role, teams, agent_id)
    "admin": ("boss", "admin", [], None),
    "lead_this": ("li", "lead", [1], None),
    "lead_other": ("zhao", "lead", [2], None),
    "agent_this": ("wang", "agent", [1], "A1"),
    "agent_other": ("chen", "agent", [2], "A1"),
}
ROLES = ("anonymous", *USERS)


def cheap_hashing(monkeypatch) -> None:
    """argon2 at its lowest cost, so the tests' dozens of logins take no seconds (the
    hashes are still argon2id; tests/scheduler/people checks the real settings)."""
    monkeypatch.setattr(
        passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


def add_admin_with_the_cli(settings: Settings) -> None:
    """The first user, made as an operator would: `scheduler users add boss --role admin`."""
    result = CliRunner().invoke(
        cli_app,
        ["users", "add", "boss", "--role", "admin", "--data-dir", str(settings.data_dir)],
        # The CLI reads DATABASE_URL as the server does (set when the tests run on PostgreSQL).
        env={"SCHEDULER_PASSWORD": PASSWORD, "DATABASE_URL": settings.database_url},
    )
    assert result.exit_code == 0, result.output


def log_in(app: FastAPI, username: str, password: str = PASSWORD) -> TestClient:
    """A client of the app with the user's session cookie and CSRF token."""
    client = TestClient(app)
    response = client.post("/api/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


def set_up_teams_and_users(client: TestClient, settings: Settings, team_dir: Path) -> dict:
    """Teams 1 and 2 (uploaded while the app is still open), the admin from the CLI, and
    the others made by the admin through the API; a logged-in client per role."""
    assert upload_team(client, team_dir) == 1
    assert upload_team(client, team_dir) == 2
    add_admin_with_the_cli(settings)
    app = client.app
    admin = log_in(app, "boss")  # type: ignore[arg-type]
    for role, (name, kind, teams, agent_id) in USERS.items():
        if role == "admin":
            continue
        body = {
            "username": name,
            "password": PASSWORD,
            "role": kind,
            "teams": teams,
            "agent_id": agent_id,
        }
        response = admin.post("/api/users", json=body)
        assert response.status_code == 201, response.text
    clients = {role: log_in(app, name) for role, (name, *_) in USERS.items()}  # type: ignore[arg-type]
    clients["anonymous"] = TestClient(app)  # type: ignore[arg-type]
    return clients
